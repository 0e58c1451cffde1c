#include "app/shippedscenarios.h"

#include <QDir>
#include <QTest>

using namespace gantry;

class TestShippedScenarios : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsEveryCompiledInScenarioDefaultFirst()
    {
        const ScenarioEntries entries = shippedScenarios();
        const QStringList files = QDir(QStringLiteral(":/gantry/scenarios")).entryList({QStringLiteral("*.yaml")});
        QCOMPARE(entries.size(), files.size());
        QVERIFY(entries.size() >= 4);
        QCOMPARE(entries.first().file, QStringLiteral("factory.yaml"));
        QCOMPARE(entries.first().name, QStringLiteral("AI factory"));
        for (const ScenarioEntry &entry : entries) {
            QVERIFY2(files.contains(entry.file), qPrintable(entry.file));
            // Read from the file, not made up from its name.
            QVERIFY2(!entry.name.isEmpty() && entry.name != entry.file, qPrintable(entry.file));
            QVERIFY2(!entry.description.isEmpty(), qPrintable(entry.file));
            QVERIFY2(!entry.description.contains(QStringLiteral("not a valid")), qPrintable(entry.description));
        }
        // After the default, alphabetical by file.
        for (int i = 2; i < entries.size(); ++i)
            QVERIFY(entries[i - 1].file < entries[i].file);
    }
};

QTEST_GUILESS_MAIN(TestShippedScenarios)
#include "tst_shippedscenarios.moc"
