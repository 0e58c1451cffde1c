#include "backend/kube/execcredentials.h"

#include "backend/kube/execcredentialjson.h"
#include "backend/kube/execplugin.h"

#include <cerrno>
#include <cstring>
#include <map>

extern char **environ;

namespace gantry::kube {

namespace {

constexpr std::size_t maxStderrInMessage = 2000;

// This process's environment, then the plugin's env entries, then
// KUBERNETES_EXEC_INFO; a later value for a name replaces an earlier one.
std::vector<std::string> pluginEnvironment(const KubeconfigExec &exec, const std::string &execInfo)
{
    std::map<std::string, std::string> values;
    std::vector<std::string> order;
    auto set = [&](const std::string &name, const std::string &value) {
        if (values.emplace(name, value).second)
            order.push_back(name);
        else
            values[name] = value;
    };
    for (char **entry = environ; entry && *entry; ++entry) {
        const std::string text = *entry;
        const auto equals = text.find('=');
        if (equals != std::string::npos && equals > 0)
            set(text.substr(0, equals), text.substr(equals + 1));
    }
    for (const KubeconfigExecEnv &variable : exec.env)
        set(variable.name, variable.value);
    set("KUBERNETES_EXEC_INFO", execInfo);

    std::vector<std::string> environment;
    environment.reserve(order.size());
    for (const std::string &name : order)
        environment.push_back(name + "=" + values[name]);
    return environment;
}

std::string trimmed(std::string text)
{
    const auto last = text.find_last_not_of(" \t\r\n");
    text.erase(last == std::string::npos ? 0 : last + 1);
    const auto first = text.find_first_not_of(" \t\r\n");
    text.erase(0, first == std::string::npos ? text.size() : first);
    if (text.size() > maxStderrInMessage)
        text = text.substr(0, maxStderrInMessage) + "…";
    return text;
}

std::string seconds(std::chrono::milliseconds duration)
{
    const auto whole = std::chrono::duration_cast<std::chrono::seconds>(duration).count();
    return whole > 0 ? std::to_string(whole) + " s" : std::to_string(duration.count()) + " ms";
}

} // namespace

ExecCredentialProvider::ExecCredentialProvider(ExecAuth plugin, const ResolvedConnection &connection,
                                               std::chrono::milliseconds timeout)
    : m_plugin(std::move(plugin))
    , m_userName(connection.userName)
    , m_execInfo(execInfoJson(m_plugin, connection))
    , m_timeout(timeout)
{
}

CredentialResult ExecCredentialProvider::current()
{
    std::lock_guard lock(m_mutex);
    // client-go's rule: a cached credential is good until the instant it expires.
    if (m_cached && (!m_expiration || std::chrono::system_clock::now() < *m_expiration))
        return {*m_cached, {}};
    m_cached.reset();
    m_expiration.reset();
    return run();
}

void ExecCredentialProvider::invalidate()
{
    std::lock_guard lock(m_mutex);
    m_cached.reset();
    m_expiration.reset();
}

std::string ExecCredentialProvider::describe() const
{
    return "exec plugin \"" + m_plugin.exec.command + "\"";
}

int ExecCredentialProvider::runs() const
{
    std::lock_guard lock(m_mutex);
    return m_runs;
}

std::string ExecCredentialProvider::failure(const std::string &what) const
{
    std::string message = "credential plugin \"" + m_plugin.exec.command + "\"";
    if (!m_userName.empty())
        message += " (user \"" + m_userName + "\")";
    return message + " " + what;
}

CredentialResult ExecCredentialProvider::run()
{
    if (m_plugin.interactiveMode == ExecInteractiveMode::Always)
        return {{}, failure("needs an interactive terminal (interactiveMode: Always), which Gantry cannot give it; "
                            "log in with it in a terminal first or set interactiveMode: IfAvailable")};

    std::vector<std::string> argv{m_plugin.exec.command};
    argv.insert(argv.end(), m_plugin.exec.args.begin(), m_plugin.exec.args.end());
    ++m_runs;
    const detail::PluginRun outcome = detail::runPlugin(argv, pluginEnvironment(m_plugin.exec, m_execInfo), m_timeout);

    if (outcome.spawnErrno == ENOENT) {
        std::string message = failure("was not found");
        if (!m_plugin.exec.installHint.empty())
            message += ". " + trimmed(m_plugin.exec.installHint);
        return {{}, message};
    }
    if (outcome.spawnErrno != 0)
        return {{}, failure(std::string("could not be started: ") + std::strerror(outcome.spawnErrno))};
    if (outcome.timedOut)
        return {{}, failure("did not finish within " + seconds(m_timeout) + " and was stopped")};
    const std::string stderrText = trimmed(outcome.err);
    if (outcome.signal != 0 || outcome.exitCode != 0) {
        std::string message = outcome.signal != 0 ? failure("was killed by signal " + std::to_string(outcome.signal))
                                                  : failure("failed with exit code " + std::to_string(outcome.exitCode));
        return {{}, message + (stderrText.empty() ? std::string() : ": " + stderrText)};
    }

    ExecCredentialParse parsed = parseExecCredential(outcome.out, m_plugin.exec.apiVersion);
    if (!parsed.status)
        return {{}, failure(parsed.error)};

    Credential credential;
    credential.bearerToken = std::move(parsed.status->token);
    if (!parsed.status->clientCertificatePem.empty())
        credential.clientCertificate = ClientCertificate{std::move(parsed.status->clientCertificatePem),
                                                         std::move(parsed.status->clientKeyPem)};
    m_cached = credential;
    m_expiration = parsed.status->expiration;
    return {std::move(credential), {}};
}

} // namespace gantry::kube
