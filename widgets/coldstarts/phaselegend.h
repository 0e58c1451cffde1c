#pragma once

#include <QWidget>

namespace gantry {

/// The key to the timeline: a swatch per phase, the Ready mark, and what hatching,
/// an open end and the dashed line mean. Wraps onto more lines when narrow.
class PhaseLegend : public QWidget
{
    Q_OBJECT

public:
    explicit PhaseLegend(QWidget *parent = nullptr);

    /// Whether the "now" line is explained (wall-clock timelines only).
    void setShowNow(bool show);
    /// The labels in the order they are drawn.
    QStringList labels() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    enum class Kind { Phase, Ready, Inferred, Open, Now };
    struct Entry
    {
        Kind kind;
        int phase; ///< fleet::ColdStartPhase for Phase entries
        QString label;
    };
    std::vector<Entry> entries() const;
    int entryWidth(const Entry &entry) const;
    /// Lays the entries out in `width`; returns the height used and calls `paint` per entry.
    template<typename Paint>
    int layout(int width, Paint paint) const;

    bool m_showNow = true;
};

} // namespace gantry
