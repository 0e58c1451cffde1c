#include "widgets/coldstarts/weightsourcecomparison.h"

#include "backend/fleet/coldstartstats.h"

#include <algorithm>
#include <array>

namespace gantry {

using fleet::ColdStartPhase;

double WeightSourceSummary::medianSum() const
{
    double sum = 0;
    for (const auto &[phase, seconds] : medianByPhase)
        sum += seconds;
    return sum;
}

int weightSourceRank(const std::string &source)
{
    static const std::array<const char *, 5> order = {"node cache", "OCI image", "shared volume", "object store", "hub"};
    for (std::size_t i = 0; i < order.size(); ++i) {
        if (source == order[i])
            return static_cast<int>(i);
    }
    return static_cast<int>(order.size()); // "unknown" and anything new go last
}

namespace {

struct Samples
{
    std::size_t inProgress = 0;
    std::vector<double> totals;
    std::map<ColdStartPhase, std::vector<double>> phases;
};

bool covers(const fleet::PhaseSpan &span, ColdStartPhase phase)
{
    return span.phase <= phase && phase <= span.lastPhase;
}

} // namespace

std::vector<WeightSourceSummary> compareWeightSources(const std::vector<std::shared_ptr<const fleet::ColdStart>> &starts)
{
    static constexpr std::array<ColdStartPhase, 6> timedPhases = {
        ColdStartPhase::WaitingForCapacity, ColdStartPhase::NodeProvisioning, ColdStartPhase::ImagePull,
        ColdStartPhase::ModelDownload,      ColdStartPhase::WeightLoad,       ColdStartPhase::EngineWarmup,
    };
    std::map<std::string, Samples> bySource;
    for (const auto &start : starts) {
        if (!start)
            continue;
        Samples &samples = bySource[start->weightSource.empty() ? std::string("unknown") : start->weightSource];
        if (!start->complete || !start->ready) {
            ++samples.inProgress;
            continue;
        }
        samples.totals.push_back(start->totalSeconds(*start->ready));
        for (ColdStartPhase phase : timedPhases) {
            double seconds = 0;
            bool unknown = false;
            for (const fleet::PhaseSpan &span : start->phases) {
                if (!covers(span, phase))
                    continue;
                if (span.merged())
                    unknown = true;
                else
                    seconds += span.seconds();
            }
            if (!unknown)
                samples.phases[phase].push_back(seconds);
        }
    }

    std::vector<WeightSourceSummary> result;
    for (auto &[source, samples] : bySource) {
        WeightSourceSummary summary;
        summary.source = source;
        summary.inProgress = samples.inProgress;
        summary.total = fleet::phaseStats(samples.totals);
        for (auto &[phase, values] : samples.phases)
            summary.medianByPhase[phase] = fleet::phaseStats(std::move(values)).p50;
        result.push_back(std::move(summary));
    }
    std::stable_sort(result.begin(), result.end(), [](const WeightSourceSummary &a, const WeightSourceSummary &b) {
        return weightSourceRank(a.source) < weightSourceRank(b.source);
    });
    return result;
}

} // namespace gantry
