#include "widgets/demo/scenariopicker.h"

#include "common/testoutput.h"
#include "widgets/models/darkpalette.h"

#include <QDialogButtonBox>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using gantry::ScenarioEntries;
using gantry::ScenarioPicker;

namespace {

ScenarioEntries shipped()
{
    return {{QStringLiteral("factory.yaml"), QStringLiteral("AI factory"),
             QStringLiteral("Three GPU pools (A100, H100, H200), four models from four kinds of storage, a traffic "
                            "spike that outgrows the free GPUs, and a prewarm that shortens the next cold start.")},
            {QStringLiteral("node-failure.yaml"), QStringLiteral("Node failure"),
             QStringLiteral("Three H100 nodes nearly full with a 70B and an 8B model under steady traffic; node "
                            "h100-1 fails at 15 minutes.")},
            {QStringLiteral("scale-from-zero.yaml"), QStringLiteral("Scale from zero, three ways"), {}}};
}

QPushButton *playButton(const ScenarioPicker &picker)
{
    return picker.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
}

} // namespace

class TestScenarioPicker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsEntriesWithTheCurrentOneSelected()
    {
        ScenarioPicker picker;
        picker.setEntries(shipped(), QStringLiteral("node-failure.yaml"));
        QListWidget *list = picker.list();
        QCOMPARE(list->count(), 3);
        QCOMPARE(list->item(0)->text(), QStringLiteral("AI factory"));
        QCOMPARE(list->item(2)->text(), QStringLiteral("Scale from zero, three ways"));
        QCOMPARE(list->item(1)->toolTip(), QStringLiteral("node-failure.yaml"));
        QCOMPARE(picker.selectedFile(), QStringLiteral("node-failure.yaml"));
        QVERIFY(playButton(picker)->isEnabled());

        // An unknown current file selects the first entry rather than nothing.
        picker.setEntries(shipped(), QStringLiteral("gone.yaml"));
        QCOMPARE(picker.selectedFile(), QStringLiteral("factory.yaml"));
    }

    void choosingEmitsTheFile()
    {
        ScenarioPicker picker;
        picker.setEntries(shipped(), QStringLiteral("factory.yaml"));
        QSignalSpy chosen(&picker, &ScenarioPicker::scenarioChosen);
        picker.selectFile(QStringLiteral("scale-from-zero.yaml"));
        picker.show();
        QTest::mouseClick(playButton(picker), Qt::LeftButton);
        QCOMPARE(chosen.size(), 1);
        QCOMPARE(chosen.at(0).at(0).toString(), QStringLiteral("scale-from-zero.yaml"));
        QCOMPARE(picker.result(), int(QDialog::Accepted));
    }

    void nothingToChooseCannotBeAccepted()
    {
        ScenarioPicker picker;
        picker.setEntries({});
        QSignalSpy chosen(&picker, &ScenarioPicker::scenarioChosen);
        QVERIFY(!playButton(picker)->isEnabled());
        picker.accept();
        QCOMPARE(chosen.size(), 0);
        QVERIFY(picker.selectedFile().isEmpty());
    }

    void rendersInBothThemes()
    {
        for (const bool dark : {false, true}) {
            ScenarioPicker picker;
            if (dark)
                picker.setPalette(gantry::test::darkPalette());
            picker.setEntries(shipped(), QStringLiteral("factory.yaml"));
            picker.show();
            QVERIFY(QTest::qWaitForWindowExposed(&picker));
            const QImage image = gantry::test::saveRender(&picker, dark ? QStringLiteral("scenariopicker-dark")
                                                                        : QStringLiteral("scenariopicker-light"));
            // Every entry fits without scrolling, the description's lines included.
            QListWidget *list = picker.list();
            const QRect last = list->visualItemRect(list->item(list->count() - 1));
            QVERIFY2(list->viewport()->rect().contains(last), qPrintable(QStringLiteral("%1 %2 in %3").arg(last.top()).arg(last.bottom()).arg(list->viewport()->height())));
            QVERIFY(list->visualItemRect(list->item(0)).height() > list->visualItemRect(list->item(2)).height());
            QVERIFY(gantry::test::distinctColours(image) > 16);
        }
    }
};

QTEST_MAIN(TestScenarioPicker)
#include "tst_scenariopicker.moc"
