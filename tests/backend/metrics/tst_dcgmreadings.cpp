// GpuReadings from real dcgm-exporter scrapes (tests/fixtures/metrics, see SOURCES.md).
#include "backend/metrics/dcgmreadings.h"
#include "backend/metrics/expositionparser.h"

#include "metricsfixtures.h"

#include <gtest/gtest.h>

using namespace gantry::metrics;
using gantry::test::readMetricsFixture;

namespace {

std::vector<GpuReading> readingsOf(const std::string &fixture)
{
    DcgmReadings readings;
    readings.addFamilies(parseExposition(readMetricsFixture(fixture)));
    return readings.take();
}

} // namespace

TEST(DcgmReadings, MigInstancesOfOneH100AreSeparateReadingsWithTheirKServePods)
{
    const std::vector<GpuReading> gpus = readingsOf("dcgm-exporter-512-h100-mig-kserve-pods.excerpt.prom");

    // Three complete series (instances 7, 8, 9); the fourth is cut inside its UUID.
    ASSERT_EQ(gpus.size(), 3u);
    for (const GpuReading &gpu : gpus) {
        EXPECT_EQ(gpu.node, "gsrh100-074");
        EXPECT_EQ(gpu.index, 0);
        EXPECT_EQ(gpu.uuid, "GPU-58e8f5ea-13cc-013a-d88f-2bcf5ae8bc77");
        EXPECT_EQ(gpu.modelName, "NVIDIA H100 80GB HBM3");
        EXPECT_EQ(gpu.migProfile, "1g.10gb");
        // MIG has no DCGM_FI_DEV_GPU_UTIL: the engine-active ratio 0.0 reads as 0 %.
        ASSERT_TRUE(gpu.utilizationPercent.has_value());
        EXPECT_EQ(*gpu.utilizationPercent, 0.0);
        EXPECT_FALSE(gpu.memoryUsedMiB.has_value());
    }
    EXPECT_EQ(gpus[0].migInstance, "7");
    EXPECT_EQ(gpus[0].podNamespace, "model-playground-stg");
    EXPECT_EQ(gpus[0].podName, "text-embedding-predictor-00008-deployment-57946f6c67-vdtjl");
    EXPECT_EQ(gpus[1].migInstance, "8");
    EXPECT_EQ(gpus[1].podName, "") << "an idle instance has no pod labels";
    EXPECT_EQ(gpus[2].migInstance, "9");
    EXPECT_EQ(gpus[2].podName, "tts-predictor-00011-deployment-5554f75554-8j8pl");
}

TEST(DcgmReadings, MpsSharingGivesOneReadingPerPodOfTheSameGpu)
{
    const std::vector<GpuReading> gpus = readingsOf("dcgm-exporter-pr432-a100-mps-vllm-pod.prom");

    ASSERT_EQ(gpus.size(), 2u);
    EXPECT_EQ(gpus[0].uuid, gpus[1].uuid);
    EXPECT_EQ(gpus[0].node, "gke-gpu-share-test-a100-inference-mps-b3fc3d0e-3bpg");
    EXPECT_EQ(gpus[0].podNamespace, "default");
    EXPECT_EQ(gpus[0].podName, "gpu-burn-deployment-1-85dc8ff699-clvh5");
    EXPECT_EQ(gpus[1].podNamespace, "vllm-inference");
    EXPECT_EQ(gpus[1].podName, "vllm-medgemma-4b-it-d599b4c99-f95nk");
    for (const GpuReading &gpu : gpus) {
        EXPECT_EQ(gpu.modelName, "NVIDIA A100-SXM4-80GB");
        ASSERT_TRUE(gpu.memoryUsedMiB.has_value());
        EXPECT_EQ(*gpu.memoryUsedMiB, 15866);
        EXPECT_FALSE(gpu.memoryTotalMiB.has_value()) << "FB_FREE is not in this scrape";
        EXPECT_TRUE(gpu.migInstance.empty());
    }
}

TEST(DcgmReadings, LowercaseHostnameOfNewerExportersNamesTheNode)
{
    const std::vector<GpuReading> gpus = readingsOf("dcgm-exporter-pr736-mixed-gpus-lowercase-hostname.excerpt.prom");

    // FB_FREE for GPU 1 (whole RTX 2000 Ada) and GPU 2 (an A30 MIG instance with a Triton pod).
    ASSERT_EQ(gpus.size(), 2u);
    EXPECT_EQ(gpus[0].node, "dcgm-exporter-wwwjh");
    EXPECT_EQ(gpus[0].index, 1);
    EXPECT_EQ(gpus[0].modelName, "NVIDIA RTX 2000 Ada Generation");
    EXPECT_EQ(gpus[0].uuid, "GPU-fc60126e-514d-3522-2828-c5daa8e99d85");
    EXPECT_TRUE(gpus[0].podName.empty());
    EXPECT_EQ(gpus[1].node, "dcgm-exporter-wwwjh");
    EXPECT_EQ(gpus[1].index, 2);
    EXPECT_EQ(gpus[1].migProfile, "1g.6gb");
    EXPECT_EQ(gpus[1].migInstance, "3");
    EXPECT_EQ(gpus[1].podName, "triton-server-f7cb5d77-95xcf");
    // Free memory alone gives neither used nor total.
    EXPECT_FALSE(gpus[1].memoryUsedMiB.has_value());
    EXPECT_FALSE(gpus[1].memoryTotalMiB.has_value());
}

TEST(DcgmReadings, ClassicExporterOutputGivesTemperatureAndNoPod)
{
    const std::vector<GpuReading> gpus = readingsOf("dcgm-kubermatic-14870-quadro-t2000.excerpt.prom");

    ASSERT_EQ(gpus.size(), 1u);
    const GpuReading &gpu = gpus[0];
    EXPECT_EQ(gpu.node, "sheryb");
    EXPECT_EQ(gpu.index, 0);
    EXPECT_EQ(gpu.uuid, "GPU-08533397-8c65-7a0b-003b-c4bd120e67c1");
    EXPECT_EQ(gpu.modelName, "Quadro T2000");
    ASSERT_TRUE(gpu.temperatureCelsius.has_value());
    EXPECT_EQ(*gpu.temperatureCelsius, 60);
    EXPECT_FALSE(gpu.powerWatts.has_value()) << "the POWER_USAGE line is cut short";
    EXPECT_FALSE(gpu.utilizationPercent.has_value());
    EXPECT_TRUE(gpu.podName.empty());
}

TEST(DcgmReadings, PrometheusRenamedPodLabelsWinOverTheExportersOwnPod)
{
    // Behind a ServiceMonitor with honorLabels: false, `pod` is the exporter's own
    // pod and the workload is in exported_pod / exported_namespace.
    const LabelMap labels = { { "gpu", "3" }, { "UUID", "GPU-1" }, { "Hostname", "node-a" },
        { "modelName", "NVIDIA H100" }, { "pod", "dcgm-exporter-x7k2" }, { "namespace", "gpu-operator" },
        { "exported_pod", "chat-predictor-1" }, { "exported_namespace", "serving" } };
    DcgmReadings readings;
    readings.add(GpuFigure::Utilization, labels, 87);
    readings.add(GpuFigure::MemoryUsed, labels, 70000);
    readings.add(GpuFigure::MemoryFree, labels, 10000);
    readings.add(GpuFigure::MemoryReserved, labels, 500);
    readings.add(GpuFigure::Power, labels, std::numeric_limits<double>::quiet_NaN());
    const std::vector<GpuReading> gpus = readings.take();

    ASSERT_EQ(gpus.size(), 1u) << "all figures join into one reading";
    EXPECT_EQ(gpus[0].node, "node-a");
    EXPECT_EQ(gpus[0].index, 3);
    EXPECT_EQ(gpus[0].podNamespace, "serving");
    EXPECT_EQ(gpus[0].podName, "chat-predictor-1");
    EXPECT_EQ(gpus[0].utilizationPercent, 87);
    EXPECT_EQ(gpus[0].memoryTotalMiB, 80500);
    EXPECT_FALSE(gpus[0].powerWatts.has_value()) << "NaN is no figure";
}

TEST(DcgmReadings, CanonicalLabelsMatchWhatTheCatalogsLabelReplaceProduces)
{
    const LabelMap canonical = canonicalDcgmLabels({ { "Hostname", "n1" }, { "UUID", "GPU-9" }, { "exported_pod", "p" },
        { "exported_namespace", "ns" }, { "pod", "dcgm" } });
    EXPECT_EQ(canonical.at("hostname"), "n1");
    EXPECT_EQ(canonical.at("uuid"), "GPU-9");
    EXPECT_EQ(canonical.at("pod"), "p");
    EXPECT_EQ(canonical.at("namespace"), "ns");

    const LabelMap already = canonicalDcgmLabels({ { "hostname", "n2" }, { "uuid", "GPU-8" }, { "pod", "q" } });
    EXPECT_EQ(already.at("hostname"), "n2");
    EXPECT_EQ(already.at("pod"), "q");
}
