// The audit log: one JSON object per line with the documented fields, a private
// file, whole lines under concurrent writers (threads and separate instances, as
// two processes would be), the XDG location, and URIs stripped of secrets.

#include "backend/actions/auditlog.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

using namespace gantry::actions;
using nlohmann::json;

namespace {

class AuditLogTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        char pattern[] = "/tmp/gantry-audit-XXXXXX";
        ASSERT_NE(::mkdtemp(pattern), nullptr);
        m_dir = pattern;
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }

    std::vector<std::string> lines(const std::string &path) const
    {
        std::ifstream in(path);
        std::vector<std::string> out;
        for (std::string line; std::getline(in, line);)
            out.push_back(line);
        return out;
    }

    std::string m_dir;
};

TEST_F(AuditLogTest, OneJsonLinePerRecordInAPrivateFile)
{
    const std::string data = m_dir + "/data/gantry";
    AuditLog log(data);
    EXPECT_EQ(log.error(), "");
    EXPECT_EQ(log.path(), data + "/audit.jsonl");
    AuditRecord record;
    record.time = *gantry::parseRfc3339("2026-03-01T10:20:30Z");
    record.context = "prod";
    record.user = "alice@example.com";
    record.verb = "scale";
    record.kind = "InferenceService";
    record.namespaceName = "default";
    record.name = "llama";
    record.summary = "spec.predictor.minReplicas: 1 → 3";
    record.result = "applied";
    ASSERT_TRUE(log.append(record));
    record.verb = "revert";
    record.dryRun = true;
    record.result = "conflict: changed \"since\"\nreload";
    ASSERT_TRUE(log.append(record));

    const auto written = lines(log.path());
    ASSERT_EQ(written.size(), 2u);
    EXPECT_EQ(written[0],
        R"({"time":"2026-03-01T10:20:30Z","context":"prod","user":"alice@example.com","verb":"scale",)"
        R"("object":{"kind":"InferenceService","namespace":"default","name":"llama"},)"
        R"("summary":"spec.predictor.minReplicas: 1 → 3","dryRun":false,"result":"applied"})");
    const json second = json::parse(written[1]);
    EXPECT_EQ(second["result"], "conflict: changed \"since\"\nreload") << "a newline in a value stays inside the line";
    EXPECT_EQ(second["dryRun"], true);

    struct stat info { };
    ASSERT_EQ(::stat(log.path().c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
    ASSERT_EQ(::stat(data.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0700u);
}

TEST_F(AuditLogTest, ConcurrentWritersNeverInterleaveLines)
{
    // Two instances on one file stand for two Gantry processes; each has threads.
    AuditLog first(m_dir);
    AuditLog second(m_dir);
    constexpr int threads = 8;
    constexpr int perThread = 200;
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            AuditLog &log = t % 2 ? first : second;
            for (int i = 0; i < perThread; ++i) {
                AuditRecord record;
                record.verb = "scale";
                record.name = "svc-" + std::to_string(t) + "-" + std::to_string(i);
                record.summary = std::string(3000 + 97 * t, 'x'); // lines near and past PIPE_BUF
                record.result = "applied";
                EXPECT_TRUE(log.append(record));
            }
        });
    }
    for (std::thread &worker : workers)
        worker.join();
    const auto written = lines(first.path());
    ASSERT_EQ(written.size(), static_cast<std::size_t>(threads * perThread));
    std::set<std::string> names;
    for (const std::string &line : written) {
        const json record = json::parse(line, nullptr, false);
        ASSERT_FALSE(record.is_discarded()) << line.substr(0, 120);
        names.insert(record["object"]["name"].get<std::string>());
    }
    EXPECT_EQ(names.size(), written.size()) << "every record exactly once";
}

TEST_F(AuditLogTest, AnUnwritableFolderIsReported)
{
    const std::string blocker = m_dir + "/file";
    std::ofstream(blocker) << "x";
    AuditLog log(blocker + "/sub");
    EXPECT_NE(log.error().find("cannot open the audit log"), std::string::npos) << log.error();
    EXPECT_FALSE(log.append(AuditRecord {}));
}

TEST_F(AuditLogTest, TheDefaultPathFollowsXdgDataHome)
{
    const char *saved = std::getenv("XDG_DATA_HOME");
    const std::string savedValue = saved ? saved : "";
    ::setenv("XDG_DATA_HOME", "/srv/data", 1);
    EXPECT_EQ(defaultAuditPath(), "/srv/data/gantry/audit.jsonl");
    ::setenv("XDG_DATA_HOME", "relative/ignored", 1);
    ::setenv("HOME", "/home/op", 1);
    EXPECT_EQ(defaultAuditPath(), "/home/op/.local/share/gantry/audit.jsonl");
    ::unsetenv("XDG_DATA_HOME");
    EXPECT_EQ(defaultDataDirectory(), "/home/op/.local/share/gantry");
    if (saved)
        ::setenv("XDG_DATA_HOME", savedValue.c_str(), 1);
}

TEST_F(AuditLogTest, UrisLoseUserInfoAndQueries)
{
    EXPECT_EQ(redactUri("https://user:secret@models.example.com/a.bin"), "https://models.example.com/a.bin");
    EXPECT_EQ(redactUri("https://bucket.s3.example.com/m.bin?X-Amz-Signature=abc&X-Amz-Credential=def"),
        "https://bucket.s3.example.com/m.bin?…");
    EXPECT_EQ(redactUri("pvc://models/llama"), "pvc://models/llama");
    EXPECT_EQ(redactUri("hf://org/model@x"), "hf://org/model@x") << "an @ in the path is not user info";
}

} // namespace
