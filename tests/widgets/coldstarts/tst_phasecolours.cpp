#include "widgets/coldstarts/phasecolours.h"

#include <QPalette>
#include <QTest>

#include <array>
#include <cmath>

using gantry::allColdStartPhases;
using gantry::fleet::ColdStartPhase;

namespace {

using Matrix = std::array<std::array<double, 3>, 3>;

double linear(double c)
{
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

/// CIELAB of a linear-RGB colour (D65).
std::array<double, 3> lab(const std::array<double, 3> &rgb)
{
    const double x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047;
    const double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    const double z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883;
    const auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116; };
    return {116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
}

/// How `colour` looks with a colour-vision deficiency (Machado, Oliveira &
/// Fernandes 2009, severity 1), in CIELAB.
std::array<double, 3> seen(const QColor &colour, const Matrix &m)
{
    const std::array<double, 3> rgb = {linear(colour.redF()), linear(colour.greenF()), linear(colour.blueF())};
    std::array<double, 3> out{};
    for (int i = 0; i < 3; ++i)
        out[i] = std::clamp(m[i][0] * rgb[0] + m[i][1] * rgb[1] + m[i][2] * rgb[2], 0.0, 1.0);
    return lab(out);
}

double luminance(const QColor &colour)
{
    return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QPalette paletteOf(const QColor &window, const QColor &text)
{
    QPalette palette;
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::Base, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Text, text);
    return palette;
}

} // namespace

Q_DECLARE_METATYPE(Matrix)

class TestPhaseColours : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void distinguishable_data()
    {
        QTest::addColumn<Matrix>("vision");
        QTest::newRow("typical") << Matrix{{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};
        QTest::newRow("protanopia") << Matrix{{{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}}};
        QTest::newRow("deuteranopia") << Matrix{{{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}}};
        QTest::newRow("tritanopia") << Matrix{{{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}}};
    }
    void distinguishable()
    {
        QFETCH(Matrix, vision);
        // Every pair of phases stays far apart (CIE76 ΔE ≥ 15; 2.3 is just noticeable).
        for (ColdStartPhase a : allColdStartPhases) {
            for (ColdStartPhase b : allColdStartPhases) {
                if (a >= b)
                    continue;
                const auto la = seen(gantry::phaseColour(a), vision), lb = seen(gantry::phaseColour(b), vision);
                const double distance = std::hypot(la[0] - lb[0], la[1] - lb[1], la[2] - lb[2]);
                QVERIFY2(distance >= 15, qPrintable(gantry::phaseLabel(a) + QStringLiteral(" vs ") + gantry::phaseLabel(b)
                                                    + QStringLiteral(": ΔE ") + QString::number(distance)));
            }
        }
    }

    void textReadsOnEveryBar()
    {
        for (ColdStartPhase phase : allColdStartPhases) {
            const double ratio = contrast(gantry::phaseColour(phase), gantry::phaseTextColour(phase));
            QVERIFY2(ratio >= 4.5, qPrintable(gantry::phaseLabel(phase) + QStringLiteral(": ") + QString::number(ratio)));
        }
    }

    void outlinesStandOutInBothThemes_data()
    {
        QTest::addColumn<QPalette>("palette");
        QTest::newRow("light") << paletteOf(QColor(0xfa, 0xfa, 0xfa), QColor(0x20, 0x20, 0x20));
        QTest::newRow("dark") << paletteOf(QColor(0x23, 0x26, 0x29), QColor(0xee, 0xee, 0xee));
    }
    void outlinesStandOutInBothThemes()
    {
        QFETCH(QPalette, palette);
        const QColor background = palette.color(QPalette::Base);
        for (ColdStartPhase phase : allColdStartPhases) {
            // Either the fill or its outline separates the bar from the background.
            const double best = std::max(contrast(gantry::phaseColour(phase), background),
                                         contrast(gantry::phaseOutlineColour(phase, palette), background));
            QVERIFY2(best >= 2.0, qPrintable(gantry::phaseLabel(phase) + QStringLiteral(": ") + QString::number(best)));
        }
    }

    void darkPaletteIsRecognised()
    {
        QVERIFY(gantry::isDarkPalette(paletteOf(Qt::black, Qt::white)));
        QVERIFY(!gantry::isDarkPalette(paletteOf(Qt::white, Qt::black)));
    }

    void labels()
    {
        QCOMPARE(gantry::phaseLabel(ColdStartPhase::ModelDownload), QStringLiteral("model download"));
        QCOMPARE(gantry::phaseLabel(ColdStartPhase::EngineWarmup), QStringLiteral("engine warm-up"));
        gantry::fleet::PhaseSpan span;
        span.phase = ColdStartPhase::ImagePull;
        span.lastPhase = ColdStartPhase::WeightLoad;
        QCOMPARE(gantry::spanLabel(span), QStringLiteral("image pull → weight load"));
        span.lastPhase = span.phase;
        QCOMPARE(gantry::spanLabel(span), QStringLiteral("image pull"));
        // The same words as the backend, so CSV, tooltips and dumps agree.
        for (ColdStartPhase phase : allColdStartPhases)
            QCOMPARE(gantry::phaseLabel(phase), QString::fromUtf8(gantry::fleet::coldStartPhaseName(phase)));
    }
};

QTEST_MAIN(TestPhaseColours)
#include "tst_phasecolours.moc"
