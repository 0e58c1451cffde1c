#pragma once

#include <QColor>
#include <QPalette>

namespace gantry::test {

/// A dark theme like the console's, set on a widget to check both themes work.
inline QPalette darkPalette()
{
    QPalette p;
    const QColor text(0xdf, 0xe1, 0xe5);
    p.setColor(QPalette::Window, QColor(0x1e, 0x1f, 0x22));
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, QColor(0x25, 0x27, 0x2a));
    p.setColor(QPalette::AlternateBase, QColor(0x2b, 0x2d, 0x30));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x2b, 0x2d, 0x30));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::Mid, QColor(0x3c, 0x3f, 0x41));
    p.setColor(QPalette::Dark, QColor(0x14, 0x15, 0x17));
    p.setColor(QPalette::Light, QColor(0x4a, 0x4d, 0x50));
    p.setColor(QPalette::Midlight, QColor(0x3a, 0x3c, 0x3f));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x65, 0xca));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x58, 0x9d, 0xf6));
    p.setColor(QPalette::PlaceholderText, QColor(0x8c, 0x8f, 0x94));
    p.setColor(QPalette::ToolTipBase, QColor(0x2b, 0x2d, 0x30));
    p.setColor(QPalette::ToolTipText, text);
    return p;
}

} // namespace gantry::test
