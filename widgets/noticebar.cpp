#include "widgets/noticebar.h"

#include "widgets/coldstarts/phasecolours.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>

namespace gantry {

namespace {

// The accent per kind, readable on both themes; the fill is the accent faded into the window.
QColor accentOf(NoticeBar::Kind kind)
{
    switch (kind) {
    case NoticeBar::Kind::Info:
        return QColor(0x1e, 0x6f, 0xc4);
    case NoticeBar::Kind::Success:
        return QColor(0x2e, 0x8b, 0x3e);
    case NoticeBar::Kind::Warning:
        return QColor(0xc7, 0x7c, 0x02);
    case NoticeBar::Kind::Error:
        return QColor(0xc6, 0x28, 0x28);
    }
    return QColor(0x80, 0x80, 0x80);
}

QColor mix(const QColor &a, const QColor &b, double share)
{
    return QColor::fromRgbF(static_cast<float>(a.redF() * share + b.redF() * (1 - share)),
                            static_cast<float>(a.greenF() * share + b.greenF() * (1 - share)),
                            static_cast<float>(a.blueF() * share + b.blueF() * (1 - share)));
}

} // namespace

NoticeBar::NoticeBar(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 7, 8, 7);
    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_text, 1);
    m_action = new QPushButton(this);
    m_action->hide();
    layout->addWidget(m_action, 0, Qt::AlignVCenter);
    connect(m_action, &QPushButton::clicked, this, &NoticeBar::actionTriggered);
    setVisible(false);
}

void NoticeBar::setNotice(Kind kind, const QString &text)
{
    m_kind = kind;
    m_text->setText(text);
    setVisible(!text.isEmpty());
    update();
}

void NoticeBar::clear()
{
    setNotice(m_kind, QString());
}

void NoticeBar::setAction(const QString &label)
{
    m_action->setText(label);
    m_action->setVisible(!label.isEmpty());
}

QString NoticeBar::text() const
{
    return m_text->text();
}

void NoticeBar::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor accent = accentOf(m_kind);
    const QColor window = palette().color(QPalette::Window);
    const QRectF box = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    painter.setPen(mix(accent, window, 0.45));
    painter.setBrush(mix(accent, window, isDarkPalette(palette()) ? 0.22 : 0.1));
    painter.drawRoundedRect(box, 4, 4);
    painter.setPen(Qt::NoPen);
    painter.setBrush(accent);
    painter.drawRoundedRect(QRectF(box.left(), box.top(), 4, box.height()), 2, 2);
}

} // namespace gantry
