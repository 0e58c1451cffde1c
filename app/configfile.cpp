#include "app/configfile.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

namespace gantry {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gantry config", text);
}

class ConfigReader
{
public:
    explicit ConfigReader(QString path) : m_path(std::move(path)) {}

    QStringList problems;

    void problem(const YAML::Node &node, const QString &key, const QString &what)
    {
        const YAML::Mark mark = node.Mark();
        QString where = m_path;
        if (mark.line >= 0)
            where += QStringLiteral(":%1:%2").arg(mark.line + 1).arg(mark.column + 1);
        problems.append(QStringLiteral("%1: %2: %3").arg(where, key, what));
    }

    bool text(const YAML::Node &node, const QString &key, QString &out)
    {
        if (!node.IsScalar()) {
            problem(node, key, tr("expected text"));
            return false;
        }
        out = QString::fromStdString(node.Scalar());
        return true;
    }

    bool boolean(const YAML::Node &node, const QString &key, bool &out)
    {
        const QString value = node.IsScalar() ? QString::fromStdString(node.Scalar()) : QString();
        if (value == QLatin1String("true")) {
            out = true;
            return true;
        }
        if (value == QLatin1String("false")) {
            out = false;
            return true;
        }
        problem(node, key, tr("expected true or false"));
        return false;
    }

    void readKiosk(const YAML::Node &node, CommandLineOptions &options)
    {
        if (node.IsScalar()) {
            boolean(node, QStringLiteral("kiosk"), options.kiosk);
            return;
        }
        if (!node.IsMap()) {
            problem(node, QStringLiteral("kiosk"), tr("expected true, false or a map with pages, rotate and screen"));
            return;
        }
        options.kiosk = true;
        for (const auto &entry : node) {
            const QString key = QString::fromStdString(entry.first.Scalar());
            const QString path = QStringLiteral("kiosk.") + key;
            const YAML::Node &value = entry.second;
            if (key == QLatin1String("pages")) {
                QStringList pages;
                if (value.IsSequence()) {
                    for (const auto &item : value) {
                        QString page;
                        if (text(item, path, page))
                            pages.append(page);
                    }
                } else if (QString list; text(value, path, list)) {
                    pages = list.split(QLatin1Char(','), Qt::SkipEmptyParts);
                }
                for (QString &page : pages)
                    page = page.trimmed();
                for (const QString &page : std::as_const(pages)) {
                    if (!knownPageNames().contains(page))
                        problem(value, path, tr("unknown page '%1' (use %2)").arg(page, knownPageNames().join(QStringLiteral(", "))));
                }
                options.kioskPages = pages;
            } else if (key == QLatin1String("rotate")) {
                QString rotate;
                if (text(value, path, rotate)) {
                    const int seconds = parseRotateSeconds(rotate);
                    if (seconds < 0)
                        problem(value, path, tr("expected a duration such as 20s or 1m, got '%1'").arg(rotate));
                    else
                        options.rotateSeconds = seconds;
                }
            } else if (key == QLatin1String("screen")) {
                QString screen;
                bool ok = false;
                if (text(value, path, screen)) {
                    const int number = screen.toInt(&ok);
                    if (!ok || number < 0)
                        problem(value, path, tr("expected a screen number (0, 1, …), got '%1'").arg(screen));
                    else
                        options.screen = number;
                }
            } else {
                problem(entry.first, path, tr("unknown key (expected pages, rotate or screen)"));
            }
        }
    }

    void read(const YAML::Node &root, CommandLineOptions &options)
    {
        if (!root.IsMap()) {
            problem(root, QStringLiteral("(top)"), tr("a config file is a map of settings such as context: and kiosk:"));
            return;
        }
        for (const auto &entry : root) {
            const QString key = QString::fromStdString(entry.first.Scalar());
            const YAML::Node &value = entry.second;
            if (key == QLatin1String("kubeconfig"))
                text(value, key, options.kubeconfig);
            else if (key == QLatin1String("context"))
                text(value, key, options.context);
            else if (key == QLatin1String("namespace"))
                text(value, key, options.namespaceName);
            else if (key == QLatin1String("prometheus"))
                text(value, key, options.prometheusUrl);
            else if (key == QLatin1String("metricsUrl"))
                text(value, key, options.metricsUrl);
            else if (key == QLatin1String("metricsHistory")) {
                QString history;
                if (text(value, key, history)) {
                    const int seconds = parseMetricsHistorySeconds(history);
                    if (seconds < 0)
                        problem(value, key, tr("expected a duration from 30s to 24h, got '%1'").arg(history));
                    else
                        options.metricsHistorySeconds = seconds;
                }
            } else if (key == QLatin1String("readOnly"))
                boolean(value, key, options.readOnly);
            else if (key == QLatin1String("theme")) {
                QString theme;
                if (text(value, key, theme)) {
                    if (theme != QLatin1String("dark") && theme != QLatin1String("light"))
                        problem(value, key, tr("expected dark or light, got '%1'").arg(theme));
                    else
                        options.theme = theme;
                }
            } else if (key == QLatin1String("demo")) {
                QString demo;
                if (text(value, key, demo)) {
                    options.demo = demo != QLatin1String("false");
                    if (demo != QLatin1String("true") && demo != QLatin1String("false"))
                        options.demoScenario = demo;
                }
            } else if (key == QLatin1String("speed")) {
                QString speed;
                bool ok = false;
                if (text(value, key, speed)) {
                    const double number = speed.toDouble(&ok);
                    if (!ok || number <= 0 || number > 1000)
                        problem(value, key, tr("expected a number between 0 and 1000, got '%1'").arg(speed));
                    else
                        options.demoSpeed = number;
                }
            } else if (key == QLatin1String("kiosk")) {
                readKiosk(value, options);
            } else {
                problem(entry.first, key,
                        tr("unknown key (expected kubeconfig, context, namespace, prometheus, metricsUrl, metricsHistory, "
                           "readOnly, theme, demo, speed or kiosk)"));
            }
        }
    }

private:
    QString m_path;
};

} // namespace

int parseRotateSeconds(const QString &text)
{
    static const QRegularExpression plain(QStringLiteral("^\\s*(\\d{1,6})\\s*$"));
    if (const auto match = plain.match(text); match.hasMatch())
        return match.captured(1).toInt();
    static const QRegularExpression parts(QStringLiteral("^\\s*(?:(\\d{1,4})h)?(?:(\\d{1,5})m)?(?:(\\d{1,6})s)?\\s*$"));
    const auto match = parts.match(text);
    if (!match.hasMatch() || text.trimmed().isEmpty())
        return -1;
    return match.captured(1).toInt() * 3600 + match.captured(2).toInt() * 60 + match.captured(3).toInt();
}

int parseMetricsHistorySeconds(const QString &text)
{
    const int seconds = parseRotateSeconds(text);
    return seconds >= 30 && seconds <= 24 * 3600 ? seconds : -1;
}

QString loadConfigFile(const QString &path, CommandLineOptions &options)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return tr("%1: cannot read the config file: %2").arg(path, file.errorString());
    YAML::Node root;
    try {
        root = YAML::Load(file.readAll().toStdString());
    } catch (const YAML::Exception &error) {
        return QStringLiteral("%1:%2:%3: %4")
            .arg(path)
            .arg(error.mark.line + 1)
            .arg(error.mark.column + 1)
            .arg(QString::fromStdString(error.msg));
    }
    if (root.IsNull())
        return tr("%1: the config file is empty").arg(path);
    ConfigReader reader(path);
    CommandLineOptions read = options;
    reader.read(root, read);
    if (!reader.problems.isEmpty())
        return reader.problems.join(QLatin1Char('\n'));
    options = read;
    return {};
}

} // namespace gantry
