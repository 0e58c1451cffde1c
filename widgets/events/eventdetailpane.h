#pragma once

#include "backend/core/rfc3339.h"
#include "widgets/events/eventicons.h"

#include <QWidget>

#include <memory>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedLayout;

namespace gantry::fleet {
struct NotableEvent;
}

namespace gantry {

/// The selected event in full: reason, type and category, its object with a
/// "Go to object" button, when and how often it happened, who reported it,
/// and the whole message (wrapped, selectable).
class EventDetailPane : public QWidget
{
    Q_OBJECT

public:
    explicit EventDetailPane(QWidget *parent = nullptr);

    /// Shows `event` (null: a hint to select one); ages count from `now`.
    void setEvent(std::shared_ptr<const fleet::NotableEvent> event, SystemTime now);
    std::shared_ptr<const fleet::NotableEvent> event() const { return m_event; }

    QPushButton *goToButton() const { return m_goTo; }
    QString messageText() const;

Q_SIGNALS:
    /// "Go to object" was pressed for the shown event.
    void objectActivated(const QString &kind, const QString &namespaceName, const QString &name);

protected:
    void changeEvent(QEvent *event) override;

private:
    void restyle();

    std::shared_ptr<const fleet::NotableEvent> m_event;
    EventIcons m_icons;
    QStackedLayout *m_stack = nullptr;
    QLabel *m_hint = nullptr;
    QWidget *m_body = nullptr;
    QLabel *m_icon = nullptr;
    QLabel *m_reason = nullptr;
    QLabel *m_type = nullptr;
    QPushButton *m_goTo = nullptr;
    QLabel *m_object = nullptr;
    QLabel *m_when = nullptr;
    QLabel *m_count = nullptr;
    QPlainTextEdit *m_message = nullptr;
};

} // namespace gantry
