#include "widgets/demo/captionoverlay.h"

#include "widgets/scaledfont.h"

#include <QEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolButton>
#include <QVariantAnimation>

#include <algorithm>

namespace gantry {

namespace {

// The card floats inside a transparent margin that holds its shadow.
constexpr int shadowMargin = 10;
constexpr int accentWidth = 4;
constexpr int paddingLeft = 20;
constexpr int paddingRight = 16;
constexpr int paddingTop = 12;
constexpr int paddingBottom = 16;
constexpr int closeSize = 22;
constexpr int maxCardWidth = 680;
constexpr int minCardWidth = 260;
constexpr int hostMargin = 16; ///< from the host's edges to the card's shadow
constexpr int textFlags = Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop;

QColor mix(const QColor &a, const QColor &b, qreal towardB)
{
    return QColor::fromRgbF(a.redF() + (b.redF() - a.redF()) * towardB, a.greenF() + (b.greenF() - a.greenF()) * towardB,
                            a.blueF() + (b.blueF() - a.blueF()) * towardB);
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

} // namespace

struct CaptionOverlay::Layout
{
    QRect card;
    QRect beat;
    QRect title;
    QRect text;
};

CaptionOverlay::CaptionOverlay(QWidget *host)
    : QWidget(host)
    , m_closeButton(new QToolButton(this))
    , m_fade(new QVariantAnimation(this))
{
    setObjectName(QStringLiteral("captionOverlay"));
    setAttribute(Qt::WA_TranslucentBackground);

    m_closeButton->setObjectName(QStringLiteral("dismissCaption"));
    m_closeButton->setAutoRaise(true);
    m_closeButton->setText(QStringLiteral("×"));
    QFont closeFont = m_closeButton->font();
    closeFont = scaledFont(closeFont, 1.25);
    m_closeButton->setFont(closeFont);
    m_closeButton->setFixedSize(closeSize, closeSize);
    m_closeButton->setToolTip(tr("Hide this caption; the next beat shows again"));
    m_closeButton->setCursor(Qt::ArrowCursor);
    connect(m_closeButton, &QToolButton::clicked, this, &CaptionOverlay::dismiss);

    m_fade->setStartValue(0.0);
    m_fade->setEndValue(1.0);
    m_fade->setDuration(220);
    m_fade->setEasingCurve(QEasingCurve::OutCubic);
    connect(m_fade, &QVariantAnimation::valueChanged, this, [this](const QVariant &value) {
        m_opacity = value.toReal();
        update();
    });

    if (host)
        host->installEventFilter(this);
    hide();
}

QString CaptionOverlay::beatText() const
{
    if (m_index < 0 || m_count <= 0)
        return {};
    return tr("Beat %1 of %2").arg(m_index + 1).arg(m_count);
}

QFont CaptionOverlay::titleFont() const
{
    QFont title = font();
    title.setBold(true);
    title = scaledFont(title, 1.2);
    return title;
}

QFont CaptionOverlay::beatFont() const
{
    QFont beat = font();
    beat.setBold(true);
    beat = scaledFont(beat, 0.8);
    beat.setCapitalization(QFont::AllUppercase);
    beat.setLetterSpacing(QFont::PercentageSpacing, 108);
    return beat;
}

CaptionOverlay::Layout CaptionOverlay::layoutFor(int width) const
{
    Layout layout;
    const int cardWidth = std::max(width - 2 * shadowMargin, minCardWidth);
    const int left = shadowMargin + paddingLeft;
    const int contentWidth = cardWidth - paddingLeft - paddingRight;
    int y = shadowMargin + paddingTop;

    const QFontMetrics beatMetrics(beatFont());
    layout.beat = QRect(left, y, contentWidth - closeSize, beatMetrics.height());
    y += layout.beat.height() + 4;

    // The title keeps clear of the close button, which overhangs the beat line.
    const QFontMetrics titleMetrics(titleFont());
    const int titleWidth = contentWidth - closeSize / 2;
    layout.title = titleMetrics.boundingRect(QRect(left, y, titleWidth, 10000), textFlags, m_title);
    layout.title.setWidth(titleWidth);
    y += layout.title.height();

    if (!m_text.isEmpty()) {
        y += 6;
        layout.text = fontMetrics().boundingRect(QRect(left, y, contentWidth, 10000), textFlags, m_text);
        layout.text.setWidth(contentWidth);
        y += layout.text.height();
    }
    layout.card = QRect(shadowMargin, shadowMargin, cardWidth, y + paddingBottom - shadowMargin);
    return layout;
}

int CaptionOverlay::heightForWidth(int width) const
{
    return layoutFor(width).card.height() + 2 * shadowMargin;
}

QSize CaptionOverlay::sizeHint() const
{
    const int width = maxCardWidth + 2 * shadowMargin;
    return {width, heightForWidth(width)};
}

void CaptionOverlay::setCaption(const QString &title, const QString &text, int index, int count)
{
    const bool changed = title != m_title || text != m_text || index != m_index;
    m_title = title;
    m_text = text;
    m_index = index;
    m_count = count;
    if (changed)
        m_dismissed = false;
    const bool wasVisible = isVisible();
    updateVisibility();
    if (isVisible() && (changed || !wasVisible))
        fadeIn();
    update();
}

void CaptionOverlay::fadeIn()
{
    m_fade->stop();
    if (m_animated) {
        m_opacity = 0;
        m_fade->start();
    } else {
        m_opacity = 1;
    }
}

void CaptionOverlay::clearCaption()
{
    m_title.clear();
    m_text.clear();
    m_index = -1;
    m_count = 0;
    updateVisibility();
}

void CaptionOverlay::setCaptionsEnabled(bool enabled)
{
    const bool wasVisible = isVisible();
    m_enabled = enabled;
    if (enabled)
        m_dismissed = false;
    updateVisibility();
    if (isVisible() && !wasVisible)
        fadeIn();
}

void CaptionOverlay::dismiss()
{
    m_dismissed = true;
    updateVisibility();
    Q_EMIT dismissed();
}

void CaptionOverlay::updateVisibility()
{
    const bool show = m_enabled && !m_dismissed && !m_title.isEmpty();
    if (show) {
        place();
        raise();
    }
    setVisible(show);
}

void CaptionOverlay::place()
{
    const QWidget *host = parentWidget();
    if (!host)
        return;
    const int width = std::clamp(host->width() - 2 * hostMargin, minCardWidth, maxCardWidth) + 2 * shadowMargin;
    const int height = heightForWidth(width);
    setGeometry((host->width() - width) / 2, host->height() - height - hostMargin + shadowMargin, width, height);
    const Layout layout = layoutFor(width);
    m_closeButton->move(layout.card.right() - paddingRight / 2 - closeSize + 1, layout.card.top() + 6);
}

bool CaptionOverlay::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == parentWidget()) {
        if (event->type() == QEvent::Resize)
            place();
        // A page added to the host later would otherwise cover the card.
        else if (event->type() == QEvent::ChildAdded && isVisible())
            raise();
    }
    return QWidget::eventFilter(watched, event);
}

void CaptionOverlay::paintEvent(QPaintEvent *)
{
    const Layout layout = layoutFor(width());
    const QPalette &pal = palette();
    const bool dark = isDark(pal);
    const QColor base = pal.color(QPalette::Base);
    const QColor text = pal.color(QPalette::Text);
    QColor accent = pal.color(QPalette::Highlight);
    if (dark)
        accent = accent.lighter(150);

    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setOpacity(m_opacity);

    // A soft shadow: a few widening, fading outlines below the card.
    const qreal radius = 10;
    for (int i = 1; i <= shadowMargin - 2; ++i) {
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(0, 0, 0, dark ? 28 - 3 * i : 14 - (3 * i) / 2));
        painter.drawRoundedRect(QRectF(layout.card).adjusted(-i, -i + 2, i, i + 2), radius + i, radius + i);
    }

    QPainterPath card;
    card.addRoundedRect(QRectF(layout.card).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);
    QColor fill = dark ? mix(base, QColor(Qt::white), 0.04) : base;
    fill.setAlpha(242);
    painter.setPen(QPen(mix(base, text, dark ? 0.22 : 0.16), 1));
    painter.setBrush(fill);
    painter.drawPath(card);

    // The accent stripe follows the card's rounded left edge.
    painter.save();
    painter.setClipPath(card);
    painter.fillRect(QRect(layout.card.left(), layout.card.top(), accentWidth, layout.card.height()), accent);
    painter.restore();

    painter.setPen(accent);
    painter.setFont(beatFont());
    painter.drawText(layout.beat, Qt::AlignLeft | Qt::AlignVCenter, beatText());

    painter.setPen(text);
    painter.setFont(titleFont());
    painter.drawText(layout.title, textFlags, m_title);

    if (!m_text.isEmpty()) {
        painter.setPen(mix(text, base, 0.18));
        painter.setFont(font());
        painter.drawText(layout.text, textFlags, m_text);
    }
}

} // namespace gantry
