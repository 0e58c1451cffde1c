#pragma once

#include <QWidget>

class QToolButton;
class QVariantAnimation;

namespace gantry {

/// The demo's caption card: the current beat of the story, floating at the
/// bottom of a page area (its parent) without covering more than it must.
/// Title in bold, the text wrapped beneath, "Beat 3 of 9" in the corner. The
/// close button hides the current caption; the next one shows again, unless
/// captions are switched off.
class CaptionOverlay : public QWidget
{
    Q_OBJECT

public:
    /// Floats over `host`, following its size.
    explicit CaptionOverlay(QWidget *host);

    QString title() const { return m_title; }
    QString text() const { return m_text; }
    /// "Beat 3 of 9"; "" without a caption.
    QString beatText() const;
    bool captionsEnabled() const { return m_enabled; }
    /// Fade-in on a new caption; off in tests that render at once.
    void setAnimated(bool animated) { m_animated = animated; }

    int heightForWidth(int width) const override;
    bool hasHeightForWidth() const override { return true; }
    QSize sizeHint() const override;

public Q_SLOTS:
    /// Shows `title` and `text` as beat `index` (from 0) of `count`.
    void setCaption(const QString &title, const QString &text, int index, int count);
    void clearCaption();
    void setCaptionsEnabled(bool enabled);
    void dismiss();

Q_SIGNALS:
    void dismissed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    struct Layout;
    Layout layoutFor(int width) const;
    QFont titleFont() const;
    QFont beatFont() const;
    void place();
    void fadeIn();
    void updateVisibility();

    QString m_title;
    QString m_text;
    int m_index = -1;
    int m_count = 0;
    bool m_enabled = true;
    bool m_dismissed = false;
    bool m_animated = true;
    qreal m_opacity = 1;
    QToolButton *m_closeButton = nullptr;
    QVariantAnimation *m_fade = nullptr;
};

} // namespace gantry
