#include "backend/metrics/downsample.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace gantry::metrics;

TEST(Downsample, ShortSeriesAreUnchanged)
{
    const std::vector<Point> points = { { 1, 5 }, { 2, 6 }, { 3, 7 } };
    EXPECT_EQ(downsampleMinMax(points, 300), points);
}

TEST(Downsample, KeepsAtMostMaxPointsAndEverySpike)
{
    std::vector<Point> points;
    for (int i = 0; i < 10000; ++i)
        points.push_back({ static_cast<double>(i), i == 4321 ? 1000.0 : (i == 7777 ? -50.0 : std::sin(i / 100.0)) });
    const std::vector<Point> out = downsampleMinMax(points, 300);
    EXPECT_LE(out.size(), 300u);
    EXPECT_GE(out.size(), 290u);
    for (std::size_t i = 1; i < out.size(); ++i)
        EXPECT_LT(out[i - 1].time, out[i].time) << "time order kept";
    auto has = [&](Point p) { return std::find(out.begin(), out.end(), p) != out.end(); };
    EXPECT_TRUE(has({ 4321, 1000.0 })) << "the peak survives";
    EXPECT_TRUE(has({ 7777, -50.0 })) << "the trough survives";
    EXPECT_EQ(out.front().time, 0) << "the first run's minimum is its first point (sin rises)";
}

TEST(Downsample, NaNRunsBecomeGapsAndNaNIsNoExtreme)
{
    std::vector<Point> points;
    for (int i = 0; i < 100; ++i)
        points.push_back({ static_cast<double>(i), i < 50 ? std::nan("") : (i == 60 ? 9.0 : 1.0) });
    const std::vector<Point> out = downsampleMinMax(points, 4); // two runs of 50
    ASSERT_EQ(out.size(), 3u);
    EXPECT_TRUE(std::isnan(out[0].value)) << "a run of NaN keeps one gap point";
    EXPECT_EQ(out[1], (Point { 50, 1.0 }));
    EXPECT_EQ(out[2], (Point { 60, 9.0 }));
}

TEST(Downsample, SeriesListIsDownsampledInPlace)
{
    std::vector<Series> series(2);
    for (int i = 0; i < 1000; ++i)
        series[0].points.push_back({ static_cast<double>(i), static_cast<double>(i % 7) });
    series[1].points = { { 0, 1 } };
    downsampleSeries(series, 100);
    EXPECT_LE(series[0].points.size(), 100u);
    EXPECT_EQ(series[1].points.size(), 1u);
}
