#include "widgets/events/eventtimewindow.h"

#include <QCoreApplication>

namespace gantry::eventtimewindow {

std::optional<double> seconds(Window window)
{
    switch (window) {
    case Window::All: return std::nullopt;
    case Window::Last15Minutes: return 15 * 60.0;
    case Window::LastHour: return 3600.0;
    case Window::Last6Hours: return 6 * 3600.0;
    case Window::Last24Hours: return 24 * 3600.0;
    }
    return std::nullopt;
}

QString label(Window window)
{
    switch (window) {
    case Window::All: return QCoreApplication::translate("EventTimeWindow", "All time");
    case Window::Last15Minutes: return QCoreApplication::translate("EventTimeWindow", "Last 15 min");
    case Window::LastHour: return QCoreApplication::translate("EventTimeWindow", "Last hour");
    case Window::Last6Hours: return QCoreApplication::translate("EventTimeWindow", "Last 6 hours");
    case Window::Last24Hours: return QCoreApplication::translate("EventTimeWindow", "Last 24 hours");
    }
    return {};
}

QString phrase(Window window)
{
    switch (window) {
    case Window::All: return {};
    case Window::Last15Minutes: return QCoreApplication::translate("EventTimeWindow", "in the last 15 minutes");
    case Window::LastHour: return QCoreApplication::translate("EventTimeWindow", "in the last hour");
    case Window::Last6Hours: return QCoreApplication::translate("EventTimeWindow", "in the last 6 hours");
    case Window::Last24Hours: return QCoreApplication::translate("EventTimeWindow", "in the last 24 hours");
    }
    return {};
}

int boundariesPassed(double ageSeconds)
{
    int passed = 0;
    for (int i = 0; i < windowCount; ++i) {
        const auto length = seconds(static_cast<Window>(i));
        if (length && ageSeconds > *length)
            ++passed;
    }
    return passed;
}

} // namespace gantry::eventtimewindow
