#pragma once

#include <QMainWindow>
#include <QVector>

#include <memory>

class QListWidget;
class QStackedWidget;

namespace gantry::fleet {
struct FleetSnapshot;
}
namespace gantry::metrics {
class MetricsSource;
}

namespace gantry {

class ColdStartsPage;
class ConnectionBar;
class GpuPoolsPage;
class ModelsPage;
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

    /// Feeds every page; each shows its content, or its empty state when it has nothing.
    void applySnapshot(const std::shared_ptr<const gantry::fleet::FleetSnapshot> &snapshot);
    /// Where the Models page's charts read history from; call before the first snapshot.
    void setMetricsSource(std::shared_ptr<gantry::metrics::MetricsSource> source);
    /// Shows a connection failure on every page, in words, instead of an empty window.
    void showConnectionError(const QString &message);

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
    // Qualified: the Page enumerators share these names.
    gantry::GpuPoolsPage *m_poolsPage = nullptr;
    gantry::ModelsPage *m_modelsPage = nullptr;
    gantry::ColdStartsPage *m_coldStartsPage = nullptr;
    std::shared_ptr<gantry::metrics::MetricsSource> m_metricsSource;
};

} // namespace gantry
