#pragma once

#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
class QStackedLayout;
class QTableView;

namespace gantry::fleet {
struct FleetSnapshot;
}

namespace gantry {

class EventDetailPane;
class EventFilterProxy;
class EventTableModel;

/// The Events page: the warnings and notable events of the fleet (failed
/// scheduling, node scale-ups, OOM kills, crash loops, failed probes, …),
/// newest first, with a filter bar, and the selected event in full below.
/// Double-click, Enter or "Go to object" asks to show the event's object.
class EventsPage : public QWidget
{
    Q_OBJECT

public:
    explicit EventsPage(QWidget *parent = nullptr);

    /// Non-empty when there is nothing to show at all, saying why (for PageFrame).
    QString emptyStateText() const;
    /// Non-empty when events exist but the filters hide every one, saying which.
    QString noMatchText() const;

    /// The uid of the selected event, or "".
    QString selectedUid() const;
    /// Selects the event `uid`; false when it is not shown.
    bool selectUid(const QString &uid);

    EventTableModel *model() const { return m_model; }
    EventFilterProxy *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    QLineEdit *filterEdit() const { return m_filter; }
    QCheckBox *warningsOnlyBox() const { return m_warningsOnly; }
    QComboBox *categoryBox() const { return m_category; }
    QComboBox *windowBox() const { return m_window; }
    EventDetailPane *detailPane() const { return m_detail; }

public Q_SLOTS:
    void applySnapshot(const std::shared_ptr<const gantry::fleet::FleetSnapshot> &snapshot);
    /// The name the other pages use, so one loop can feed them all.
    void setSnapshot(const std::shared_ptr<const gantry::fleet::FleetSnapshot> &snapshot) { applySnapshot(snapshot); }

Q_SIGNALS:
    /// Show this object: kind as the event names it (Pod, Node, InferenceService, …),
    /// its namespace ("" for cluster-scoped objects such as nodes) and name.
    void objectActivated(const QString &kind, const QString &namespaceName, const QString &name);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *createFilterBar();
    QWidget *createNoMatchPanel();
    void sizeColumns();
    void activate(const QModelIndex &proxyIndex);
    /// Selects the top row when nothing is selected; true when it did.
    bool selectFirstIfNone();
    void updateDetail();
    void updateCount();
    void updateNoMatch();
    void syncFilterControls();

    std::shared_ptr<const fleet::FleetSnapshot> m_snapshot;
    EventTableModel *m_model = nullptr;
    EventFilterProxy *m_proxy = nullptr;
    QLineEdit *m_filter = nullptr;
    QCheckBox *m_warningsOnly = nullptr;
    QComboBox *m_category = nullptr;
    QComboBox *m_window = nullptr;
    QLabel *m_count = nullptr;
    QTableView *m_table = nullptr;
    QStackedLayout *m_tableStack = nullptr;
    QWidget *m_noMatch = nullptr;
    QLabel *m_noMatchLabel = nullptr;
    EventDetailPane *m_detail = nullptr;
    QSplitter *m_splitter = nullptr;
    bool m_columnsSized = false;
};

} // namespace gantry
