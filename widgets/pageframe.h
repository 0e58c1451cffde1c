#pragma once

#include <QWidget>

class QLabel;
class QStackedLayout;

namespace gantry {

/// The common frame of a console page: a title and either the page's content or
/// an empty state that tells the operator why there is nothing to show.
class PageFrame : public QWidget
{
    Q_OBJECT

public:
    explicit PageFrame(const QString &title, QWidget *parent = nullptr);

    QString title() const;
    QString emptyStateText() const;

    /// Shows the empty state with `text` instead of the content.
    void showEmptyState(const QString &text);
    /// Installs the page's content widget (owned by the frame) and shows it.
    void setContent(QWidget *content);
    /// Shows the installed content again after an empty state; no-op without content.
    void showContent();
    QWidget *content() const { return m_content; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateTitleFont();

    QLabel *m_title = nullptr;
    QLabel *m_emptyState = nullptr;
    QStackedLayout *m_body = nullptr;
    QWidget *m_content = nullptr;
};

} // namespace gantry
