#include "widgets/pageframe.h"

#include "widgets/scaledfont.h"

#include <QEvent>
#include <QLabel>
#include <QStackedLayout>
#include <QVBoxLayout>

namespace gantry {

PageFrame::PageFrame(const QString &title, QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(title, this))
    , m_emptyState(new QLabel(this))
{
    m_title->setObjectName(QStringLiteral("pageTitle"));
    updateTitleFont();

    m_emptyState->setObjectName(QStringLiteral("emptyState"));
    m_emptyState->setAlignment(Qt::AlignCenter);
    m_emptyState->setWordWrap(true);
    m_emptyState->setForegroundRole(QPalette::PlaceholderText);

    auto *bodyHost = new QWidget(this);
    m_body = new QStackedLayout(bodyHost);
    m_body->addWidget(m_emptyState);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 16, 20, 16);
    layout->setSpacing(12);
    layout->addWidget(m_title);
    layout->addWidget(bodyHost, 1);
}

void PageFrame::updateTitleFont()
{
    QFont titleFont = scaledFont(font(), 1.5);
    titleFont.setWeight(QFont::DemiBold);
    m_title->setFont(titleFont);
}

void PageFrame::changeEvent(QEvent *event)
{
    // The title's size is derived from the frame's font, so it follows a window
    // that enlarges its type (the wall screen) instead of keeping the old size.
    if (event->type() == QEvent::FontChange)
        updateTitleFont();
    QWidget::changeEvent(event);
}

QString PageFrame::title() const
{
    return m_title->text();
}

QString PageFrame::emptyStateText() const
{
    return m_emptyState->text();
}

void PageFrame::showEmptyState(const QString &text)
{
    m_emptyState->setText(text);
    m_body->setCurrentWidget(m_emptyState);
}

void PageFrame::setContent(QWidget *content)
{
    if (m_content) {
        m_body->removeWidget(m_content);
        m_content->deleteLater();
    }
    m_content = content;
    m_body->addWidget(content);
    m_body->setCurrentWidget(content);
}

void PageFrame::showContent()
{
    if (m_content)
        m_body->setCurrentWidget(m_content);
}

} // namespace gantry
