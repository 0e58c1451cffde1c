#pragma once

#include <QWidget>

#include <memory>

class QAction;
class QIODevice;
class QLabel;
class QSplitter;

namespace gantry::fleet {
struct FleetSnapshot;
}

namespace gantry {

class ColdStartModel;
class ColdStartTimelineView;
class ColdStartComparisonPanel;
class PhaseLegend;

/// The Cold starts page: the timeline of every replica start (phases as bars on
/// one time axis, grouped by InferenceService) over the comparison by weight
/// source, with a toolbar to fit the axis, align starts at creation, and export
/// the spans as CSV or the timeline as PNG.
class ColdStartsPage : public QWidget
{
    Q_OBJECT

public:
    explicit ColdStartsPage(QWidget *parent = nullptr);
    ~ColdStartsPage() override;

    /// Non-empty when there is no start to show, saying why.
    QString emptyStateText() const;
    /// One line per phase span; see writeColdStartsCsv(). False when nothing could be written.
    bool exportCsv(QIODevice &device) const;
    /// The legend and timeline rendered at `size` with this page's palette, font,
    /// alignment and visible range (or fitted, while the axis follows the data).
    QImage renderPng(const QSize &size) const;

    ColdStartModel *model() const { return m_model; }
    ColdStartTimelineView *timeline() const { return m_timeline; }
    ColdStartComparisonPanel *comparison() const { return m_comparison; }
    PhaseLegend *legend() const { return m_legend; }
    QAction *fitAction() const { return m_fit; }
    QAction *alignAction() const { return m_align; }

public Q_SLOTS:
    void setSnapshot(const std::shared_ptr<const gantry::fleet::FleetSnapshot> &snapshot);
    void fitAll();
    /// Lines every start up at its creation (relative axis) instead of the clock.
    void setAligned(bool aligned);

private:
    void exportCsvToFile();
    void exportPngToFile();
    void updateSummary();

    std::shared_ptr<const fleet::FleetSnapshot> m_snapshot;
    ColdStartModel *m_model = nullptr;
    ColdStartTimelineView *m_timeline = nullptr;
    ColdStartComparisonPanel *m_comparison = nullptr;
    PhaseLegend *m_legend = nullptr;
    QSplitter *m_splitter = nullptr;
    QLabel *m_summary = nullptr;
    QAction *m_fit = nullptr;
    QAction *m_align = nullptr;
    QAction *m_exportCsv = nullptr;
    QAction *m_exportPng = nullptr;
};

} // namespace gantry
