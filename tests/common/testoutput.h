#pragma once

#include <QDir>
#include <QImage>
#include <QProcessEnvironment>
#include <QString>
#include <QWidget>

namespace gantry::test {

/// Where tests leave renders for people to look at (build/…/test-output).
inline QString outputDir()
{
    QString dir = QProcessEnvironment::systemEnvironment().value(QStringLiteral("GANTRY_TEST_OUTPUT_DIR"));
    if (dir.isEmpty())
        dir = QDir::tempPath();
    QDir().mkpath(dir);
    return dir;
}

/// Renders `widget` and saves it as `<outputDir>/<name>.png`; returns the image.
inline QImage saveRender(QWidget *widget, const QString &name)
{
    const QImage image = widget->grab().toImage();
    image.save(outputDir() + QLatin1Char('/') + name + QStringLiteral(".png"));
    return image;
}

/// How many distinct colours an image has: a blank render has one or two.
inline int distinctColours(const QImage &image, int cap = 64)
{
    QList<QRgb> seen;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2) {
            const QRgb pixel = image.pixel(x, y);
            if (!seen.contains(pixel)) {
                seen.append(pixel);
                if (seen.size() >= cap)
                    return cap;
            }
        }
    }
    return seen.size();
}

} // namespace gantry::test
