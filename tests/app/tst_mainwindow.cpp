#include "app/mainwindow.h"
#include "widgets/connectionbar.h"
#include "widgets/pageframe.h"

#include "common/testoutput.h"

#include <QLabel>
#include <QListWidget>
#include <QSettings>
#include <QTest>

using gantry::MainWindow;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("GantryTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        QSettings().clear();
    }

    void hasTheFourPagesAsEmptyFrames()
    {
        MainWindow window;
        const QStringList expected = {QStringLiteral("GPU pools"), QStringLiteral("Models"),
                                      QStringLiteral("Cold starts"), QStringLiteral("Events")};
        for (int i = 0; i < MainWindow::PageCount; ++i) {
            auto *frame = window.page(static_cast<MainWindow::Page>(i));
            QVERIFY(frame);
            QCOMPARE(frame->title(), expected[i]);
            QVERIFY2(frame->emptyStateText().startsWith(QStringLiteral("Not connected to a cluster.")),
                     qPrintable(frame->emptyStateText()));
        }
        auto *list = window.findChild<QListWidget *>(QStringLiteral("pageList"));
        QCOMPARE(list->count(), 4);
        QCOMPARE(list->item(2)->text(), QStringLiteral("Cold starts"));
    }

    void connectionBarSaysNotConnected()
    {
        MainWindow window;
        QCOMPARE(window.connectionBar()->state(), gantry::ConnectionBar::State::NotConnected);
        QCOMPARE(window.connectionBar()->findChild<QLabel *>(QStringLiteral("connectionState"))->text(),
                 QStringLiteral("Not connected"));
    }

    void shortcutsSwitchPages()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.currentPage(), MainWindow::GpuPoolsPage);
        QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
        QCOMPARE(window.currentPage(), MainWindow::ColdStartsPage);
        QTest::keyClick(&window, Qt::Key_4, Qt::ControlModifier);
        QCOMPARE(window.currentPage(), MainWindow::EventsPage);
        auto *list = window.findChild<QListWidget *>(QStringLiteral("pageList"));
        QCOMPARE(list->currentRow(), int(MainWindow::EventsPage));
    }

    void rendersEveryPage()
    {
        MainWindow window;
        window.resize(1100, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const char *names[] = {"gpupools", "models", "coldstarts", "events"};
        for (int i = 0; i < MainWindow::PageCount; ++i) {
            window.setCurrentPage(static_cast<MainWindow::Page>(i));
            const QImage image =
                gantry::test::saveRender(&window, QStringLiteral("mainwindow-empty-") + QLatin1String(names[i]));
            QCOMPARE(image.size(), QSize(1100, 700));
            QVERIFY(gantry::test::distinctColours(image) > 8); // text and frames, not a blank fill
        }
    }

    void geometryIsRestoredOnNextStart()
    {
        {
            MainWindow window;
            window.resize(900, 640);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.close();
        }
        MainWindow again;
        QCOMPARE(again.size(), QSize(900, 640));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
