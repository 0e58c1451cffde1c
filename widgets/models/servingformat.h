#pragma once

#include <QString>

#include <optional>

// Number and time formats shared by the models page, so every column and
// label reads the same way ("1.2 s", "74 %", "12 min ago").
namespace gantry::servingformat {

/// "—": what a cell shows when there is no figure.
QString missing();
/// "850 ms", "1.2 s", "48 s", "2 min 14 s", "1 h 05 min".
QString seconds(double value);
/// An age: "45 s", "12 min", "3 h 20 min", "2 d 4 h".
QString age(double seconds);
/// "just now", "12 min ago", "3 h ago", "2 d ago"; "in the future" for negative spans.
QString ago(double seconds);
/// 0–1 fraction as "74 %".
QString fraction(double value);
/// 0–100 percentage as "74 %".
QString percent(double value);
/// A count that may be fractional (averages): "12", "3.5".
QString count(double value);
/// "1,234" tokens/s as "1.2 k" above a thousand.
QString rate(double value);
/// A GPU count: "4", "0.5".
QString gpus(double value);

/// "1 GPU", "4 GPUs": `count` and the word in the right number.
QString counted(long long count, const QString &singular, const QString &plural);

/// `value` formatted by `format`, or missing().
template <typename Format>
QString orMissing(const std::optional<double> &value, Format format)
{
    return value ? format(*value) : missing();
}

} // namespace gantry::servingformat
