#pragma once

#include <QWidget>

namespace gantry {

/// The wall screen's discreet "next page in…" line: a few pixels high, filled
/// from the left by the share of the page's time that has passed. Cheaper than
/// a styled progress bar, which matters on a screen that should sleep between
/// pages: it repaints only when the filled width moves by a whole pixel.
class RotationLine : public QWidget
{
    Q_OBJECT

public:
    explicit RotationLine(QWidget *parent = nullptr);

    /// 0 (page just shown) to 1 (next page due).
    void setFraction(double fraction);
    double fraction() const { return m_fraction; }
    /// The width filled now, in pixels.
    int filledWidth() const;

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    double m_fraction = 0;
};

} // namespace gantry
