#pragma once

#include <QObject>

#include <chrono>

namespace gantry {

/// Keeps a long-running console's resident memory at what it uses. The fleet's
/// worker threads allocate and free in glibc arenas of their own, and glibc does
/// not hand freed pages in those arenas back to the system: without this, a wall
/// screen's RSS ratchets up with every relist while its heap stays the same
/// size. Limits the number of arenas and, every `interval`, returns free pages
/// with malloc_trim(). Does nothing on other C libraries.
class MemoryReturn : public QObject
{
    Q_OBJECT

public:
    explicit MemoryReturn(std::chrono::seconds interval, QObject *parent = nullptr);

    /// Call first thing in main(), before any thread starts.
    static void limitArenas();
    /// Returns free heap pages to the system now.
    static void trim();

protected:
    void timerEvent(QTimerEvent *event) override;
};

} // namespace gantry
