#pragma once

#include <QMainWindow>
#include <QVector>

#include <memory>

class QLabel;
class QListWidget;
class QStackedWidget;
class QTimer;

namespace gantry::fleet {
struct ConnectionHealth;
struct FleetSnapshot;
}
namespace gantry::metrics {
class MetricsSource;
}
namespace gantry::actions {
struct ActionContext;
}

namespace gantry {

class ColdStartsPage;
class ConnectionBar;
class EventsPage;
class GpuPoolsPage;
class CommandPalette;
class NodeDetailDialog;
class ModelsPage;
class OperatorActions;
class PageFrame;
class RotationLine;

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

    enum class Mode {
        Desktop, ///< menus, page list, dialogs
        Kiosk,   ///< wall screen: no menus, dialogs or edit affordances; large type; pages rotate
    };

    explicit MainWindow(QWidget *parent = nullptr) : MainWindow(Mode::Desktop, parent) {}
    explicit MainWindow(Mode mode, QWidget *parent = nullptr);

    Mode mode() const { return m_mode; }

    ConnectionBar *connectionBar() const { return m_connectionBar; }
    PageFrame *page(Page page) const { return m_pages.value(page); }
    Page currentPage() const;
    void setCurrentPage(Page page);

    /// Feeds every page; each shows its content, or its empty state when it has nothing.
    void applySnapshot(const std::shared_ptr<const gantry::fleet::FleetSnapshot> &snapshot);
    /// The area the pages fill, for overlays such as the demo's captions.
    QWidget *pageArea() const;
    /// Where the Models page's charts read history from (replaces the one in use).
    void setMetricsSource(std::shared_ptr<gantry::metrics::MetricsSource> source);
    /// Shows a connection failure on every page, in words, instead of an empty window.
    void showConnectionError(const QString &message);
    /// Freshness for the connection bar; when stale, a banner across the pages says since when.
    void setConnectionHealth(const gantry::fleet::ConnectionHealth &health);
    /// The banner's text, "" while hidden.
    QString staleBannerText() const;

    /// Desktop: what Deploy, Scale and Prewarm run with (see OperatorActions).
    void setActionContext(const gantry::actions::ActionContext &context, const QString &defaultNamespace,
                          bool readOnly, const QString &readOnlyReason);
    /// The operator's actions; null on a wall screen.
    OperatorActions *operatorActions() const { return m_actions; }
    /// The Models page once the first snapshot arrived, else null.
    gantry::ModelsPage *modelsPage() const { return m_modelsPage; }
    gantry::GpuPoolsPage *gpuPoolsPage() const { return m_poolsPage; }

    /// Desktop: Ctrl+K, over the current snapshot's models, pools, nodes, pages and actions.
    void showCommandPalette();
    CommandPalette *commandPalette() const { return m_palette; }
    /// Does what a palette entry's id says (see buildPaletteEntries); false for an unknown id.
    bool activatePaletteEntry(const QString &id);

    /// Desktop: the node's detail (GPUs, pods, figures), following snapshots while open.
    void showNode(const QString &nodeName);
    NodeDetailDialog *nodeDetail() const { return m_nodeDetail; }

    /// Kiosk: cycle through `pages` every `interval` ms (no rotation for one page or interval 0).
    void setRotation(const QVector<Page> &pages, int intervalMs);

protected:
    void closeEvent(QCloseEvent *event) override;

    /// Shows the object an event names: a model (or the model a pod serves) on the
    /// Models page, a node or anything else on the GPU pools page.
    void showObject(const QString &kind, const QString &namespaceName, const QString &name);

private:
    void rotateToNextPage();
    void updateRotationProgress();
    void createPages();
    void createMenus();
    void restoreWindowState();

    Mode m_mode = Mode::Desktop;
    ConnectionBar *m_connectionBar = nullptr;
    QLabel *m_staleBanner = nullptr;
    RotationLine *m_rotationProgress = nullptr;
    QTimer *m_rotationTimer = nullptr;
    QTimer *m_rotationTick = nullptr;
    QVector<Page> m_rotation;
    qint64 m_rotationStartedMs = 0;
    QListWidget *m_pageList = nullptr;
    QStackedWidget *m_pageStack = nullptr;
    QVector<PageFrame *> m_pages;
    // Qualified: the Page enumerators share these names.
    gantry::GpuPoolsPage *m_poolsPage = nullptr;
    gantry::ModelsPage *m_modelsPage = nullptr;
    gantry::ColdStartsPage *m_coldStartsPage = nullptr;
    gantry::EventsPage *m_eventsPage = nullptr;
    OperatorActions *m_actions = nullptr;
    CommandPalette *m_palette = nullptr;
    NodeDetailDialog *m_nodeDetail = nullptr;
    QString m_pendingSelection; ///< a model just deployed, selected once it shows up
    std::shared_ptr<const gantry::fleet::FleetSnapshot> m_snapshot;
    std::shared_ptr<gantry::metrics::MetricsSource> m_metricsSource;
};

} // namespace gantry
