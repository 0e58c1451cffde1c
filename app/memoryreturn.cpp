#include "app/memoryreturn.h"

#include <QTimerEvent>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace gantry {

MemoryReturn::MemoryReturn(std::chrono::seconds interval, QObject *parent)
    : QObject(parent)
{
    startTimer(interval, Qt::VeryCoarseTimer);
}

void MemoryReturn::limitArenas()
{
#if defined(__GLIBC__)
    // glibc's default is eight arenas per core; the console's threads mostly wait
    // on sockets, and fewer arenas means less memory held in their free lists.
    mallopt(M_ARENA_MAX, 2);
#endif
}

void MemoryReturn::trim()
{
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

void MemoryReturn::timerEvent(QTimerEvent *event)
{
    Q_UNUSED(event);
    trim();
}

} // namespace gantry
