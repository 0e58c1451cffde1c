#include "widgets/events/eventdetailpane.h"

#include "backend/fleet/notableevents.h"
#include "widgets/events/eventtext.h"
#include "widgets/models/servingcolours.h"
#include "widgets/models/servingformat.h"
#include "widgets/scaledfont.h"

#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTextDocument>
#include <QPushButton>
#include <QStackedLayout>
#include <QVBoxLayout>

namespace gantry {

namespace {

QLabel *valueLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

} // namespace

EventDetailPane::EventDetailPane(QWidget *parent)
    : QWidget(parent)
{
    const int unit = fontMetrics().height();

    m_hint = new QLabel(tr("Select an event to see its whole message and the object it is about."), this);
    m_hint->setObjectName(QStringLiteral("eventDetailHint"));
    m_hint->setAlignment(Qt::AlignCenter);
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);

    m_body = new QWidget(this);
    m_icon = new QLabel(m_body);
    m_icon->setFixedSize(unit * 3 / 2, unit * 3 / 2);
    m_reason = new QLabel(m_body);
    m_reason->setObjectName(QStringLiteral("eventReason"));
    QFont heading = m_reason->font();
    heading.setWeight(QFont::DemiBold);
    // Fonts are sized in points or in pixels; scale whichever this one is.
    if (heading.pixelSize() > 0)
        heading.setPixelSize(heading.pixelSize() * 6 / 5);
    else
        heading = scaledFont(heading, 1.2);
    m_reason->setFont(heading);
    m_reason->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_type = new QLabel(m_body);
    m_type->setObjectName(QStringLiteral("eventType"));
    m_type->setForegroundRole(QPalette::PlaceholderText);
    m_goTo = new QPushButton(tr("Go to object"), m_body);
    m_goTo->setObjectName(QStringLiteral("goToObject"));
    m_goTo->setToolTip(tr("Show the object this event is about (also: double-click the row, or press Enter)"));

    auto *header = new QHBoxLayout;
    header->setSpacing(unit / 2);
    header->addWidget(m_icon);
    header->addWidget(m_reason);
    header->addSpacing(unit / 2);
    header->addWidget(m_type, 1);
    header->addWidget(m_goTo);

    m_object = valueLabel(m_body);
    m_object->setObjectName(QStringLiteral("eventObject"));
    m_when = valueLabel(m_body);
    m_when->setObjectName(QStringLiteral("eventWhen"));
    m_count = valueLabel(m_body);
    m_count->setObjectName(QStringLiteral("eventCount"));
    auto *facts = new QFormLayout;
    facts->setHorizontalSpacing(unit);
    facts->setVerticalSpacing(unit / 4);
    facts->setLabelAlignment(Qt::AlignLeft);
    facts->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    const auto caption = [this](const QString &text) {
        auto *label = new QLabel(text, m_body);
        label->setForegroundRole(QPalette::PlaceholderText);
        return label;
    };
    facts->addRow(caption(tr("Object")), m_object);
    facts->addRow(caption(tr("When")), m_when);
    facts->addRow(caption(tr("Seen")), m_count);

    m_message = new QPlainTextEdit(m_body);
    m_message->setObjectName(QStringLiteral("eventMessage"));
    m_message->setReadOnly(true);
    m_message->setFrameShape(QFrame::NoFrame);
    m_message->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_message->setMinimumHeight(unit * 3);
    m_message->document()->setDocumentMargin(0); // aligned with the labels above
    m_message->viewport()->setAutoFillBackground(false);
    m_message->setAutoFillBackground(false);

    auto *bodyLayout = new QVBoxLayout(m_body);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    bodyLayout->setSpacing(unit / 2);
    bodyLayout->addLayout(header);
    bodyLayout->addLayout(facts);
    bodyLayout->addWidget(m_message, 1);

    m_stack = new QStackedLayout(this);
    m_stack->addWidget(m_hint);
    m_stack->addWidget(m_body);

    connect(m_goTo, &QPushButton::clicked, this, [this] {
        if (m_event && !m_event->objectName.empty())
            Q_EMIT objectActivated(QString::fromStdString(m_event->objectKind), QString::fromStdString(m_event->objectNamespace),
                                   QString::fromStdString(m_event->objectName));
    });
    setEvent(nullptr, {});
}

void EventDetailPane::setEvent(std::shared_ptr<const fleet::NotableEvent> event, SystemTime now)
{
    m_event = std::move(event);
    if (!m_event) {
        m_stack->setCurrentWidget(m_hint);
        m_message->clear();
        return;
    }
    const fleet::NotableEvent &e = *m_event;
    m_stack->setCurrentWidget(m_body);
    const int iconSize = m_icon->width();
    m_icon->setPixmap(m_icons.forEvent(e).pixmap(QSize(iconSize, iconSize), devicePixelRatioF()));
    m_reason->setText(e.reason.empty() ? tr("(no reason)") : QString::fromStdString(e.reason));
    QString type = eventtext::typeAndCategory(e);
    if (!e.source.empty())
        type += QStringLiteral(" · ") + tr("reported by %1").arg(QString::fromStdString(e.source));
    m_type->setText(type);
    m_object->setText(e.objectName.empty() ? tr("The event names no object") : eventtext::object(e));
    m_goTo->setEnabled(!e.objectName.empty());
    m_when->setText(e.time ? QString(servingformat::ago(std::chrono::duration<double>(now - *e.time).count()) + QStringLiteral(" · ")
                                     + eventtext::absoluteTime(*e.time))
                           : tr("No timestamp"));
    m_count->setText(e.count > 1 ? tr("%1; the cluster folded the repeats into this event").arg(servingformat::counted(e.count, tr("time"), tr("times")))
                                 : tr("once"));
    const QString message = QString::fromStdString(e.message);
    if (m_message->toPlainText() != message)
        m_message->setPlainText(message.isEmpty() ? tr("(no message)") : message);
    restyle();
}

QString EventDetailPane::messageText() const
{
    return m_message->toPlainText();
}

void EventDetailPane::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        restyle(); // the reason's colour follows light and dark themes
}

void EventDetailPane::restyle()
{
    QPalette pal = palette();
    if (m_event && m_event->type == "Warning") {
        const bool crash = m_event->category == fleet::EventCategory::Crash;
        pal.setColor(QPalette::WindowText, crash ? servingcolours::critical(pal) : servingcolours::warning(pal));
    }
    m_reason->setPalette(pal);
}

} // namespace gantry
