// vLLM and KServe storage-initializer start-up lines: every example quoted in
// REFERENCE.md §8 (public issue logs), every prefix variant, and the noise real
// logs carry (ANSI colours, tqdm bars, garbage, CRLF, kubelet timestamps).

#include "backend/fleet/vllmlogparser.h"

#include <gtest/gtest.h>

#include <string>

using namespace gantry::fleet;
using gantry::SystemTime;

namespace {

SystemTime at(const char *rfc3339)
{
    return *gantry::parseRfc3339(rfc3339);
}

// The one marker a single line produces, and the parse it came from.
struct One
{
    VllmStartup startup;
    explicit One(const std::string &line, int year = 2025)
        : startup(parseVllmStartup(line, year))
    {
    }
};

} // namespace

TEST(VllmLogParser, ServerVersionAndArguments)
{
    One old("INFO 10-10 10:22:07 api_server.py:526] vLLM API server version 0.6.1.dev238+ge2c6e0a82");
    EXPECT_EQ(old.startup.version, "0.6.1.dev238+ge2c6e0a82");
    ASSERT_TRUE(old.startup.serverVersion);
    EXPECT_EQ(*old.startup.serverVersion->at, at("2025-10-10T10:22:07Z"));

    One args("(APIServer pid=1206292) INFO 11-21 10:25:52 [utils.py:253] non-default args: {'model_tag': 'x'}");
    ASSERT_TRUE(args.startup.arguments);
    EXPECT_EQ(*args.startup.arguments->at, at("2025-11-21T10:25:52Z"));
    EXPECT_TRUE(One("INFO 10-10 10:22:07 api_server.py:527] args: Namespace(model='m')").startup.arguments);
}

TEST(VllmLogParser, DownloadLines)
{
    const VllmStartup format = parseVllmStartup(
        "INFO 02-07 19:23:57 weight_utils.py:252] Using model weights format ['*.safetensors']\n"
        "model-00001-of-00002.safetensors: 100%|\xE2\x96\x88\xE2\x96\x88\xE2\x96\x88| 5.00G/5.00G [02:47<00:00, 29.8MB/s]\n",
        2025);
    EXPECT_EQ(format.lines, 2u);
    EXPECT_EQ(*format.lastTimestamp, at("2025-02-07T19:23:57Z"));

    One spent("INFO 03-01 07:56:47 [weight_utils.py:273] Time spent downloading weights for meta-llama/Llama-3.2-1B: "
              "14.584169 seconds");
    ASSERT_TRUE(spent.startup.downloadTook);
    EXPECT_DOUBLE_EQ(*spent.startup.downloadTook->seconds, 14.584169);
}

TEST(VllmLogParser, LoadingWeightsTook)
{
    One worker("(VllmWorker rank=0 pid=3008574) INFO 05-29 23:37:00 [loader.py:458] Loading weights took 4.60 seconds");
    ASSERT_TRUE(worker.startup.weightsLoaded);
    EXPECT_DOUBLE_EQ(*worker.startup.weightsLoaded->seconds, 4.60);
    EXPECT_EQ(*worker.startup.weightsLoaded->at, at("2025-05-29T23:37:00Z"));

    One engine("(EngineCore pid=1265223) INFO 06-02 00:51:39 [default_loader.py:397] Loading weights took 26.93 seconds");
    ASSERT_TRUE(engine.startup.weightsLoaded);
    EXPECT_DOUBLE_EQ(*engine.startup.weightsLoaded->seconds, 26.93);
    EXPECT_EQ(engine.startup.weightsMarker()->line, 1u);
}

TEST(VllmLogParser, ModelLoadingTookInEveryVersion)
{
    One v07("INFO 01-30 03:18:12 gpu_model_runner.py:848] Loading model weights took 67.7229 GB");
    ASSERT_TRUE(v07.startup.modelLoaded);
    EXPECT_DOUBLE_EQ(*v07.startup.modelMemoryGiB, 67.7229);
    EXPECT_FALSE(v07.startup.modelLoaded->seconds);

    One v08("INFO 05-29 23:37:01 [gpu_model_runner.py:1347] Model loading took 11.4384 GiB and 5.338305 seconds");
    ASSERT_TRUE(v08.startup.modelLoaded);
    EXPECT_DOUBLE_EQ(*v08.startup.modelLoaded->seconds, 5.338305);
    EXPECT_DOUBLE_EQ(*v08.startup.modelMemoryGiB, 11.4384);

    One late2025("(EngineCore_DP0 pid=441) INFO 11-24 11:43:54 [gpu_model_runner.py:3341] Model loading took 2.0513 GiB "
                 "memory and 27.200487 seconds");
    ASSERT_TRUE(late2025.startup.modelLoaded);
    EXPECT_DOUBLE_EQ(*late2025.startup.modelLoaded->seconds, 27.200487);
    EXPECT_DOUBLE_EQ(*late2025.startup.modelMemoryGiB, 2.0513);
    // Without "Loading weights took", "Model loading took" marks the weights.
    EXPECT_EQ(late2025.startup.weightsMarker()->at, late2025.startup.modelLoaded->at);

    One y2026("(Worker_TP0 pid=34322) INFO 05-06 20:59:59 [gpu_model_runner.py:4879] Model loading took 12.66 GiB memory "
              "and 31.657031 seconds");
    EXPECT_DOUBLE_EQ(*y2026.startup.modelLoaded->seconds, 31.657031);
    EXPECT_DOUBLE_EQ(*y2026.startup.modelMemoryGiB, 12.66);
}

TEST(VllmLogParser, TorchCompile)
{
    One takes("INFO 01-30 03:19:13 monitor.py:31] torch.compile takes 54.73 s in total");
    ASSERT_TRUE(takes.startup.torchCompile);
    EXPECT_DOUBLE_EQ(*takes.startup.torchCompile->seconds, 54.73);
    One took("(EngineCore pid=1623438) INFO 04-13 22:09:34 [monitor.py:48] torch.compile took 1.61 s in total");
    ASSERT_TRUE(took.startup.torchCompile);
    EXPECT_DOUBLE_EQ(*took.startup.torchCompile->seconds, 1.61);
}

TEST(VllmLogParser, KvCacheInEveryForm)
{
    One v0("INFO 12-13 02:10:29 distributed_gpu_executor.py:58] # GPU blocks: 189945, # CPU blocks: 21845");
    ASSERT_TRUE(v0.startup.kvCache);
    EXPECT_EQ(*v0.startup.gpuBlocks, 189945);
    One cuda("INFO 03-21 20:15:46 [executor_base.py:111] # cuda blocks: 7191, # CPU blocks: 512");
    EXPECT_EQ(*cuda.startup.gpuBlocks, 7191);

    const VllmStartup v1 = parseVllmStartup(
        "(EngineCore_DP0 pid=188893) INFO 10-21 09:11:57 [kv_cache_utils.py:1087] GPU KV cache size: 425,424 tokens\n"
        "(EngineCore_DP0 pid=188893) INFO 10-21 09:11:57 [kv_cache_utils.py:1091] Maximum concurrency for 65,536 tokens "
        "per request: 6.49x\n",
        2025);
    EXPECT_EQ(*v1.kvCacheTokens, 425424);
    EXPECT_DOUBLE_EQ(*v1.maxConcurrency, 6.49);

    One merged("INFO 10-21 09:11:57 [kv_cache_utils.py:1087] GPU KV cache size: 1,234,567 tokens, Maximum concurrency for "
               "8,192 tokens per request: 150.70x");
    EXPECT_EQ(*merged.startup.kvCacheTokens, 1234567);
    EXPECT_DOUBLE_EQ(*merged.startup.maxConcurrency, 150.70);
}

TEST(VllmLogParser, CountsTooLargeForAnIntegerAreLeftOut)
{
    // A garbled line's 49-digit count used to be converted to int64 anyway (undefined behaviour).
    const std::string huge(49, '9');
    One tokens("INFO 10-21 09:11:57 [kv_cache_utils.py:1087] GPU KV cache size: " + huge + " tokens");
    EXPECT_TRUE(tokens.startup.kvCache);
    EXPECT_FALSE(tokens.startup.kvCacheTokens);
    One blocks("INFO 12-13 02:10:29 distributed_gpu_executor.py:58] # GPU blocks: " + huge + ", # CPU blocks: 1");
    EXPECT_TRUE(blocks.startup.kvCache);
    EXPECT_FALSE(blocks.startup.gpuBlocks);
    One largest("INFO 12-13 02:10:29 distributed_gpu_executor.py:58] # GPU blocks: 4503599627370496, # CPU blocks: 1");
    EXPECT_EQ(*largest.startup.gpuBlocks, 4503599627370496);
}

TEST(VllmLogParser, CudaGraphs)
{
    One v06("INFO 09-13 22:26:20 model_runner.py:1428] Graph capturing finished in 32 secs.");
    ASSERT_TRUE(v06.startup.cudaGraphs);
    EXPECT_DOUBLE_EQ(*v06.startup.cudaGraphs->seconds, 32);
    EXPECT_FALSE(v06.startup.cudaGraphMemoryGiB);
    One later("(EngineCore_DP0 pid=188893) INFO 10-21 09:12:04 [gpu_model_runner.py:3480] Graph capturing finished in 7 "
              "secs, took 0.95 GiB");
    EXPECT_DOUBLE_EQ(*later.startup.cudaGraphs->seconds, 7);
    EXPECT_DOUBLE_EQ(*later.startup.cudaGraphMemoryGiB, 0.95);
    // The tqdm bars are not markers.
    EXPECT_EQ(One("Capturing CUDA graph shapes: 100%|##########| 67/67 [00:32<00:00,  2.07it/s]").startup.markers, 0u);
}

TEST(VllmLogParser, InitEngine)
{
    One old("INFO 06-02 11:03:55 [core.py:167] init engine (profile, create kv cache, warmup model) took 90.84 seconds");
    ASSERT_TRUE(old.startup.engineInit);
    EXPECT_DOUBLE_EQ(*old.startup.engineInit->seconds, 90.84);
    One newer("(EngineCore pid=119) INFO 07-04 17:55:07 [core.py:337] init engine (profile, create kv cache, warmup model) "
              "took 71.88 s (compilation: 20.16 s)");
    EXPECT_DOUBLE_EQ(*newer.startup.engineInit->seconds, 71.88);
    EXPECT_DOUBLE_EQ(*newer.startup.compilationSeconds, 20.16);
}

TEST(VllmLogParser, ServerStartInEveryVersionAndUvicornReady)
{
    for (const char *line :
         {"INFO 06-02 11:03:56 [api_server.py:1336] Starting vLLM API server on http://0.0.0.0:8000",
          "(APIServer pid=128291) INFO 11-11 12:22:01 [api_server.py:1912] Starting vLLM API server 0 on http://0.0.0.0:8000",
          "(APIServer pid=34165) INFO 05-06 21:00:52 [api_server.py:602] Starting vLLM server on http://0.0.0.0:8000"}) {
        One one(line);
        EXPECT_TRUE(one.startup.serverStarting) << line;
        EXPECT_TRUE(one.startup.serverStarting->at) << line;
    }
    const VllmStartup ready = parseVllmStartup("(APIServer pid=34165) INFO 05-06 21:00:52 [api_server.py:602] Starting vLLM "
                                               "server on http://0.0.0.0:8000\n"
                                               "INFO:     Started server process [1]\n"
                                               "INFO:     Waiting for application startup.\n"
                                               "INFO:     Application startup complete.\n",
                                               2026);
    ASSERT_TRUE(ready.applicationStartup);
    // uvicorn prints no time: the marker takes the last one printed before it.
    EXPECT_EQ(*ready.applicationStartup->at, at("2026-05-06T21:00:52Z"));
    EXPECT_EQ(ready.applicationStartup->line, 4u);
    EXPECT_TRUE(One("INFO:     Uvicorn running on socket ('0.0.0.0', 8000) (Press CTRL+C to quit)").startup.markers == 0u);
    // Alone, a uvicorn line has nothing to take a time from.
    EXPECT_FALSE(One("INFO:     Application startup complete.").startup.applicationStartup->at);
}

TEST(VllmLogParser, PrefixVariants)
{
    const std::string message = "Loading weights took 4.60 seconds";
    const char *const prefixes[] = {
        "INFO 05-29 23:37:00 loader.py:458] ",                               // up to 0.7.x: no bracket
        "INFO 05-29 23:37:00 [loader.py:458] ",                              // 0.8.0 and later
        "(VllmWorkerProcess pid=12) INFO 05-29 23:37:00 [loader.py:458] ",   // V0
        "(VllmWorker rank=0 pid=3008574) INFO 05-29 23:37:00 [loader.py:458] ",
        "(EngineCore_0 pid=7) INFO 05-29 23:37:00 [loader.py:458] ",
        "(Worker_TP0_EP0 pid=7) INFO 05-29 23:37:00 [loader.py:458] ",
        "\x1b[0;36m(EngineCore pid=31)\x1b[0;0m INFO 05-29 23:37:00 [loader.py:458] ",
        "^[[0;36m(APIServer pid=31)^[[0;0m INFO 05-29 23:37:00 [loader.py:458] ", // as copied from a terminal
        "\x1b[32mINFO\x1b[0m 05-29 23:37:00 [loader.py:458] ",
        "2025-05-29T23:37:00.123456789Z INFO 05-29 23:37:00 [loader.py:458] ", // kubectl logs --timestamps
    };
    for (const char *prefix : prefixes) {
        const VllmStartup startup = parseVllmStartup(std::string(prefix) + message + "\r\n", 2025);
        ASSERT_TRUE(startup.weightsLoaded) << prefix;
        EXPECT_DOUBLE_EQ(*startup.weightsLoaded->seconds, 4.60) << prefix;
        ASSERT_TRUE(startup.weightsLoaded->at) << prefix;
        EXPECT_LE(std::chrono::abs(*startup.weightsLoaded->at - at("2025-05-29T23:37:00Z")), std::chrono::seconds(1)) << prefix;
    }
    // kubelet's stamp is UTC and finer: it wins over the local-time one.
    const VllmStartup stamped = parseVllmStartup("2025-05-29T21:37:00.5Z INFO 05-29 23:37:00 [loader.py:458] " + message, 2025,
                                                 std::chrono::minutes(120));
    EXPECT_EQ(*stamped.weightsLoaded->at, at("2025-05-29T21:37:00.5Z"));
}

TEST(VllmLogParser, KubeletStampBeyondTheClockIsNotATime)
{
    // A four-digit year past 2262 does not fit system_clock's nanoseconds; it
    // used to overflow into some time in the past.
    const VllmStartup startup = parseVllmStartup(
        "4051-01-01T00:00:00Z INFO 05-29 23:37:00 [loader.py:458] Loading weights took 4.60 seconds", 2025);
    EXPECT_FALSE(startup.firstTimestamp);
    EXPECT_FALSE(startup.weightsLoaded && startup.weightsLoaded->at);
}

TEST(VllmLogParser, LocalTimeOffsetAndNewYear)
{
    const VllmStartup cest = parseVllmStartup("INFO 05-29 23:37:00 [loader.py:458] Loading weights took 4.60 seconds", 2025,
                                              std::chrono::minutes(120));
    EXPECT_EQ(*cest.weightsLoaded->at, at("2025-05-29T21:37:00Z"));

    const VllmStartup newYear = parseVllmStartup("INFO 12-31 23:59:50 [api_server.py:1] vLLM API server version 0.9.0\n"
                                                 "INFO 01-01 00:00:20 [loader.py:458] Loading weights took 20.00 seconds\n",
                                                 2025);
    EXPECT_EQ(*newYear.serverVersion->at, at("2025-12-31T23:59:50Z"));
    EXPECT_EQ(*newYear.weightsLoaded->at, at("2026-01-01T00:00:20Z"));
}

TEST(VllmLogParser, StorageInitializerLines)
{
    // kubeflow/hub#1532.
    const VllmStartup s3 = parseVllmStartup(
        "2025-08-27 10:42:55.912 1 kserve INFO [initializer-entrypoint:<module>():16] Initializing, args: src_uri "
        "[s3://my-fancy-bucket/models/whatever] dest_path[ [/mnt/models]\n"
        "2025-08-27 10:42:55.912 1 kserve INFO [storage.py:download():64] Copying contents of "
        "s3://my-fancy-bucket/models/whatever to local\n"
        "2025-08-27 10:42:57.024 1 kserve INFO [storage.py:download():110] Successfully copied "
        "s3://my-fancy-bucket/models/whatever to /mnt/models\n"
        "2025-08-27 10:42:57.024 1 kserve INFO [storage.py:download():111] Model downloaded in 1.1125189810009033 seconds.\n",
        1999 /* the year param is for vLLM only */);
    EXPECT_EQ(s3.storageSourceUri, "s3://my-fancy-bucket/models/whatever");
    ASSERT_TRUE(s3.storageInitializing);
    EXPECT_EQ(*s3.storageInitializing->at, at("2025-08-27T10:42:55.912Z"));
    ASSERT_TRUE(s3.storageCopied);
    ASSERT_TRUE(s3.storageDownloaded);
    EXPECT_DOUBLE_EQ(*s3.storageDownloaded->seconds, 1.1125189810009033);
    EXPECT_EQ(*s3.storageDownloaded->at, at("2025-08-27T10:42:57.024Z"));

    // kserve/kserve#4310: hf:// has only the copy line.
    const VllmStartup hf = parseVllmStartup("2025-04-03 19:26:55.289 1 kserve INFO [storage.py:download():64] Copying "
                                            "contents of hf://google/t5-small-lm-adapt to local",
                                            2025);
    EXPECT_EQ(hf.storageSourceUri, "hf://google/t5-small-lm-adapt");
    EXPECT_EQ(*hf.storageInitializing->at, at("2025-04-03T19:26:55.289Z"));

    // The older tornado format (kserve/kserve#1075).
    const VllmStartup old = parseVllmStartup("[I 211023 00:43:21 storage:52] Copying contents of gs://b/m to local", 2025);
    EXPECT_EQ(old.storageSourceUri, "gs://b/m");
    EXPECT_EQ(*old.storageInitializing->at, at("2021-10-23T00:43:21Z"));
}

TEST(VllmLogParser, AWholeStartUpAmidGarbage)
{
    const std::string log =
        "\r\n"
        "garbage \x01\x02\xff line\r\n"
        "INFO 13-45 99:99:99 [x.py:1] Loading weights took 1.00 seconds\r\n" // impossible date: not a marker
        "WARNING 11-24 11:40:00 [utils.py:1] something odd\r\n"
        "(APIServer pid=1) INFO 11-24 11:40:01 [api_server.py:1] vLLM API server version 0.11.0\r\n"
        "Loading safetensors checkpoint shards: 100% Completed | 9/9 [00:26<00:00,  2.99s/it]\r\n"
        "(EngineCore_DP0 pid=441) INFO 11-24 11:43:27 [default_loader.py:397] Loading weights took 26.93 seconds\r\n"
        "(EngineCore_DP0 pid=441) INFO 11-24 11:43:54 [gpu_model_runner.py:3341] Model loading took 2.0513 GiB memory and "
        "27.200487 seconds\r\n"
        "(EngineCore_DP0 pid=441) INFO 11-24 11:44:30 [monitor.py:48] torch.compile took 30.00 s in total\r\n"
        "(EngineCore_DP0 pid=441) INFO 11-24 11:44:40 [kv_cache_utils.py:1087] GPU KV cache size: 425,424 tokens\r\n"
        "(EngineCore_DP0 pid=441) INFO 11-24 11:45:00 [gpu_model_runner.py:3480] Graph capturing finished in 7 secs, took "
        "0.95 GiB\r\n"
        "(EngineCore_DP0 pid=441) INFO 11-24 11:45:01 [core.py:337] init engine (profile, create kv cache, warmup model) took "
        "94.00 s (compilation: 30.00 s)\r\n"
        "(APIServer pid=1) INFO 11-24 11:45:03 [api_server.py:1912] Starting vLLM API server 0 on http://0.0.0.0:8000\r\n"
        "INFO:     Application startup complete.\r\n"
        "[unterminated (pid=3";
    const VllmStartup startup = parseVllmStartup(log, 2025);
    EXPECT_EQ(startup.version, "0.11.0");
    EXPECT_EQ(*startup.firstTimestamp, at("2025-11-24T11:40:00Z"));
    EXPECT_EQ(*startup.weightsLoaded->at, at("2025-11-24T11:43:27Z"));
    EXPECT_EQ(*startup.modelLoaded->at, at("2025-11-24T11:43:54Z"));
    EXPECT_EQ(*startup.engineInit->at, at("2025-11-24T11:45:01Z"));
    EXPECT_EQ(*startup.applicationStartup->at, at("2025-11-24T11:45:03Z"));
    EXPECT_EQ(startup.lines, 15u);
    EXPECT_EQ(startup.markers, 9u);
}

TEST(VllmLogParser, NeverCrashesOnHostileInput)
{
    std::string bytes;
    for (int i = 0; i < 4096; ++i)
        bytes.push_back(static_cast<char>((i * 7919) % 256));
    const VllmStartup startup = parseVllmStartup(bytes, 2025);
    EXPECT_GT(startup.lines, 0u);
    EXPECT_EQ(parseVllmStartup("", 2025).lines, 0u);
    // Truncated in every place a line can be cut: a marker only once its words are whole.
    const std::string line = "(EngineCore pid=1) INFO 06-02 00:51:39 [default_loader.py:397] Loading weights took 26.93 seconds";
    const std::size_t whole = line.find("took ") + 5;
    for (std::size_t cut = 0; cut < line.size(); ++cut) {
        const VllmStartup cutShort = parseVllmStartup(line.substr(0, cut), 2025);
        EXPECT_EQ(cutShort.weightsLoaded.has_value(), cut >= whole) << cut;
        if (cutShort.weightsLoaded && cutShort.weightsLoaded->seconds) {
            EXPECT_LE(*cutShort.weightsLoaded->seconds, 26.93) << cut;
        }
    }
}
