#pragma once

#include <QWidget>

namespace gantry {

/// A rounded panel in the palette's Base colour with a hairline border: the
/// surface pool cards and the heatmap sit on, so the page reads as a few
/// distinct blocks on the window background.
class CardFrame : public QWidget
{
    Q_OBJECT

public:
    explicit CardFrame(QWidget *parent = nullptr);

    /// Paints the card surface into `rect`; for widgets that paint their own content.
    static void paintSurface(QPainter &painter, const QRect &rect, const QPalette &palette);

protected:
    void paintEvent(QPaintEvent *event) override;
};

} // namespace gantry
