#include "widgets/connectionbar.h"

#include "common/testoutput.h"

#include <QLabel>
#include <QRegularExpression>
#include <QTest>

using gantry::ConnectionBar;

class TestConnectionBar : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startsNotConnected()
    {
        ConnectionBar bar;
        QCOMPARE(bar.state(), ConnectionBar::State::NotConnected);
        auto *label = bar.findChild<QLabel *>(QStringLiteral("connectionState"));
        QVERIFY(label);
        QCOMPARE(label->text(), QStringLiteral("Not connected"));
        QCOMPARE(bar.findChild<QLabel *>(QStringLiteral("connectionContext"))->text(),
                 QStringLiteral("No cluster selected"));
    }

    void showsStateAndContext()
    {
        ConnectionBar bar;
        bar.setState(ConnectionBar::State::Live, QStringLiteral("gantry-admin"));
        QCOMPARE(bar.findChild<QLabel *>(QStringLiteral("connectionState"))->text(), QStringLiteral("Live"));
        QCOMPARE(bar.findChild<QLabel *>(QStringLiteral("connectionContext"))->text(),
                 QStringLiteral("gantry-admin"));
        bar.resize(600, 32);
        const QImage image = gantry::test::saveRender(&bar, QStringLiteral("connectionbar-live"));
        QVERIFY(gantry::test::distinctColours(image) > 4);
    }

    void showsFreshnessProgressAndTrouble()
    {
        using namespace std::chrono_literals;
        ConnectionBar bar;
        auto *state = bar.findChild<QLabel *>(QStringLiteral("connectionState"));

        gantry::fleet::ConnectionHealth health;
        health.state = gantry::fleet::ConnectionHealth::State::Syncing;
        health.summary = "Syncing pods 12,000 / 20,000";
        bar.setHealth(health);
        QCOMPARE(bar.state(), ConnectionBar::State::Syncing);
        QCOMPARE(state->text(), QStringLiteral("Syncing pods 12,000 / 20,000"));

        health.state = gantry::fleet::ConnectionHealth::State::Stale;
        health.summary = "Stale 3 min";
        health.problem = "Pod: connection refused";
        health.since = std::chrono::system_clock::now() - 3min;
        bar.setHealth(health);
        QCOMPARE(bar.state(), ConnectionBar::State::Stale);
        QCOMPARE(bar.stateText(), QStringLiteral("Stale 3 min"));
        QVERIFY(state->toolTip().contains(QStringLiteral("Pod: connection refused")));
        QVERIFY(state->toolTip().startsWith(QStringLiteral("Since ")));

        // A plain state change forgets the health's words.
        bar.setState(ConnectionBar::State::Live);
        QCOMPARE(state->text(), QStringLiteral("Live"));
        QVERIFY(state->toolTip().isEmpty());
    }

    void showsBadgesNamespaceMetricsAndClock()
    {
        ConnectionBar bar;
        bar.resize(1100, 34);
        bar.show();
        auto *readOnly = bar.findChild<QLabel *>(QStringLiteral("readOnlyBadge"));
        auto *insecure = bar.findChild<QLabel *>(QStringLiteral("insecureTlsBadge"));
        auto *clock = bar.findChild<QLabel *>(QStringLiteral("clock"));
        QVERIFY(readOnly && insecure && clock);
        QVERIFY(!readOnly->isVisible());
        QVERIFY(!insecure->isVisible());
        QVERIFY(!clock->isVisible());

        gantry::ConnectionDetails details;
        details.context = QStringLiteral("prod-admin");
        details.cluster = QStringLiteral("https://api.prod.example.com:6443");
        details.namespaceName = QStringLiteral("team-a");
        details.readOnly = true;
        details.insecureTls = true;
        details.metricsSource = QStringLiteral("Prometheus http://prometheus:9090");
        bar.setDetails(details);
        bar.setState(ConnectionBar::State::Live);
        bar.setClockVisible(true);
        QVERIFY(readOnly->isVisible());
        QVERIFY(insecure->isVisible());
        QVERIFY(clock->isVisible());
        QVERIFY(QRegularExpression(QStringLiteral("^\\d\\d:\\d\\d$")).match(clock->text()).hasMatch());
        QCOMPARE(bar.findChild<QLabel *>(QStringLiteral("connectionContext"))->text(),
                 QStringLiteral("prod-admin · https://api.prod.example.com:6443"));
        QCOMPARE(bar.findChild<QLabel *>(QStringLiteral("connectionNamespace"))->text(), QStringLiteral("namespace team-a"));
        QCOMPARE(bar.findChild<QLabel *>(QStringLiteral("metricsSource"))->text(),
                 QStringLiteral("metrics: Prometheus http://prometheus:9090"));
        const QImage image = gantry::test::saveRender(&bar, QStringLiteral("connectionbar-badges"));
        QVERIFY(gantry::test::distinctColours(image) > 8);
    }
};

QTEST_MAIN(TestConnectionBar)
#include "tst_connectionbar.moc"
