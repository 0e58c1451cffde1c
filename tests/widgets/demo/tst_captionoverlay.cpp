#include "widgets/demo/captionoverlay.h"

#include "common/testoutput.h"
#include "widgets/models/darkpalette.h"

#include <QGridLayout>
#include <QLabel>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <QToolButton>

using gantry::CaptionOverlay;

namespace {

const QString spikeTitle = QStringLiteral("Traffic spike on chat");
const QString spikeText = QStringLiteral(
    "Requests jump from 12 to about 150 per second. Knative's 6-second panic window reacts at once: "
    "desired replicas jump to max-scale 10.");

/// A page-like host: a busy table under the card, so the render shows how the
/// card sits over real content.
class Host : public QWidget
{
public:
    explicit Host(bool dark)
    {
        if (dark)
            setPalette(gantry::test::darkPalette());
        setAutoFillBackground(true);
        auto *table = new QTableWidget(14, 5, this);
        for (int row = 0; row < table->rowCount(); ++row) {
            for (int column = 0; column < table->columnCount(); ++column)
                table->setItem(row, column, new QTableWidgetItem(QStringLiteral("chat-predictor-%1 %2").arg(row).arg(column)));
        }
        auto *layout = new QGridLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(table);
        resize(900, 480);
    }
};

} // namespace

class TestCaptionOverlay : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsTheCaptionAtTheBottomInBothThemes()
    {
        for (const bool dark : {false, true}) {
            Host host(dark);
            auto *overlay = new CaptionOverlay(&host);
            overlay->setAnimated(false);
            host.show();
            QVERIFY(QTest::qWaitForWindowExposed(&host));
            QVERIFY(!overlay->isVisible()); // nothing to say yet

            overlay->setCaption(spikeTitle, spikeText, 2, 9);
            QVERIFY(overlay->isVisible());
            QCOMPARE(overlay->title(), spikeTitle);
            QCOMPARE(overlay->text(), spikeText);
            QCOMPARE(overlay->beatText(), QStringLiteral("Beat 3 of 9"));

            // Centred near the bottom, inside the host, narrower than it.
            const QRect card = overlay->geometry();
            QVERIFY(host.rect().contains(card));
            QVERIFY2(host.height() - card.bottom() < 24, qPrintable(QString::number(card.bottom())));
            QVERIFY(qAbs(card.center().x() - host.rect().center().x()) <= 1);
            QVERIFY(card.width() < host.width());
            QVERIFY(card.height() < host.height() / 2);

            const QImage image = gantry::test::saveRender(&host, dark ? QStringLiteral("captionoverlay-dark")
                                                                      : QStringLiteral("captionoverlay-light"));
            // The card is drawn over the table: its region holds the card colour, text and shadow.
            const QImage region = image.copy(card);
            QVERIFY(gantry::test::distinctColours(region) > 16);
            // The overlay's own render has text in it, not just a blank card.
            const QImage alone = overlay->grab().toImage();
            QVERIFY(gantry::test::distinctColours(alone) > 16);
        }
    }

    void longerTextMakesATallerCard()
    {
        Host host(false);
        CaptionOverlay overlay(&host);
        overlay.setCaption(spikeTitle, {}, 0, 1);
        const int titleOnly = overlay.heightForWidth(600);
        overlay.setCaption(spikeTitle, spikeText, 0, 1);
        const int withText = overlay.heightForWidth(600);
        QVERIFY(withText > titleOnly);
        // Narrower wraps into more lines.
        QVERIFY(overlay.heightForWidth(320) > withText);
    }

    void followsTheHostsSize()
    {
        Host host(false);
        auto *overlay = new CaptionOverlay(&host);
        overlay->setAnimated(false);
        host.show();
        QVERIFY(QTest::qWaitForWindowExposed(&host));
        overlay->setCaption(spikeTitle, spikeText, 0, 3);
        host.resize(500, 700);
        QTRY_VERIFY(host.rect().contains(overlay->geometry()));
        QVERIFY(host.height() - overlay->geometry().bottom() < 24);
        QVERIFY(overlay->width() <= 500);
        QVERIFY(qAbs(overlay->geometry().center().x() - host.rect().center().x()) <= 1);
    }

    void dismissHidesUntilTheNextBeat()
    {
        Host host(false);
        auto *overlay = new CaptionOverlay(&host);
        host.show();
        overlay->setCaption(spikeTitle, spikeText, 2, 9);
        QVERIFY(overlay->isVisible());
        QSignalSpy dismissed(overlay, &CaptionOverlay::dismissed);

        QTest::mouseClick(overlay->findChild<QToolButton *>(QStringLiteral("dismissCaption")), Qt::LeftButton);
        QCOMPARE(dismissed.size(), 1);
        QVERIFY(!overlay->isVisible());
        // The same caption again (a repeated announcement) stays dismissed.
        overlay->setCaption(spikeTitle, spikeText, 2, 9);
        QVERIFY(!overlay->isVisible());
        // The next beat shows.
        overlay->setCaption(QStringLiteral("Out of H100s"), {}, 3, 9);
        QVERIFY(overlay->isVisible());
        QCOMPARE(overlay->beatText(), QStringLiteral("Beat 4 of 9"));
    }

    void switchedOffCaptionsStayHidden()
    {
        Host host(false);
        auto *overlay = new CaptionOverlay(&host);
        host.show();
        overlay->setCaptionsEnabled(false);
        overlay->setCaption(spikeTitle, spikeText, 2, 9);
        QVERIFY(!overlay->isVisible());
        QVERIFY(!overlay->captionsEnabled());
        overlay->setCaptionsEnabled(true);
        QVERIFY(overlay->isVisible());
        QCOMPARE(overlay->title(), spikeTitle);

        overlay->clearCaption();
        QVERIFY(!overlay->isVisible());
        QVERIFY(overlay->beatText().isEmpty());
    }

    void staysAbovePagesAddedLater()
    {
        Host host(false);
        auto *overlay = new CaptionOverlay(&host);
        host.show();
        overlay->setCaption(spikeTitle, spikeText, 0, 1);
        auto *late = new QLabel(QStringLiteral("a page created after the caption"), &host);
        late->show();
        QCOMPARE(host.children().last(), overlay);
    }

    void fadesIn()
    {
        Host host(false);
        auto *overlay = new CaptionOverlay(&host);
        host.show();
        QVERIFY(QTest::qWaitForWindowExposed(&host));
        overlay->setCaption(spikeTitle, spikeText, 0, 1);
        const QImage early = overlay->grab().toImage();
        QTest::qWait(400);
        const QImage settled = overlay->grab().toImage();
        QVERIFY(early != settled);
    }
};

QTEST_MAIN(TestCaptionOverlay)
#include "tst_captionoverlay.moc"
