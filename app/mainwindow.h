#pragma once

#include <QMainWindow>
#include <QVector>

class QListWidget;
class QStackedWidget;

namespace gantry {

class ConnectionBar;
class PageFrame;

/// The operator's window: connection bar on top, page list on the left, the
/// current page filling the rest.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    enum Page {
        GpuPoolsPage,
        ModelsPage,
        ColdStartsPage,
        EventsPage,
        PageCount
    };

    explicit MainWindow(QWidget *parent = nullptr);

    ConnectionBar *connectionBar() const { return m_connectionBar; }
    PageFrame *page(Page page) const { return m_pages.value(page); }
    Page currentPage() const;
    void setCurrentPage(Page page);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createPages();
    void createMenus();
    void restoreWindowState();

    ConnectionBar *m_connectionBar = nullptr;
    QListWidget *m_pageList = nullptr;
    QStackedWidget *m_pageStack = nullptr;
    QVector<PageFrame *> m_pages;
};

} // namespace gantry
