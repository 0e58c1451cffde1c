#include "widgets/pageframe.h"

#include "common/testoutput.h"

#include <QLabel>
#include <QPointer>
#include <QTest>

using gantry::PageFrame;

class TestPageFrame : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsTitleAndEmptyState()
    {
        PageFrame frame(QStringLiteral("GPU pools"));
        frame.showEmptyState(QStringLiteral("No GPU nodes."));
        frame.resize(400, 300);
        frame.show();
        QCOMPARE(frame.title(), QStringLiteral("GPU pools"));
        QCOMPARE(frame.emptyStateText(), QStringLiteral("No GPU nodes."));
        QVERIFY(frame.findChild<QLabel *>(QStringLiteral("emptyState"))->isVisible());
    }

    void contentReplacesEmptyStateAndIsOwned()
    {
        PageFrame frame(QStringLiteral("Models"));
        frame.showEmptyState(QStringLiteral("nothing"));
        frame.show();
        QPointer<QLabel> first = new QLabel(QStringLiteral("first"));
        frame.setContent(first);
        QVERIFY(first->isVisible());
        QVERIFY(!frame.findChild<QLabel *>(QStringLiteral("emptyState"))->isVisible());

        frame.setContent(new QLabel(QStringLiteral("second")));
        QTRY_VERIFY(first.isNull()); // the old content is released, not leaked

        frame.showEmptyState(QStringLiteral("again empty"));
        QVERIFY(frame.findChild<QLabel *>(QStringLiteral("emptyState"))->isVisible());
    }
};

QTEST_MAIN(TestPageFrame)
#include "tst_pageframe.moc"
