#pragma once

#include <QImage>
#include <QPoint>
#include <QRect>
#include <QWidget>

namespace ferry::ui {

class AsyncQrDecoder;

/// Finds a QR code on the screen — e.g. one a person shows in a video call. start() looks
/// at the whole capture first; if there is no code in it, a full-screen overlay of the
/// capture lets the user drag a rectangle around the code (Esc cancels) and decodes that part.
class ScreenRegionPicker : public QWidget {
    Q_OBJECT

public:
    /// Captures all screens now.
    explicit ScreenRegionPicker(QWidget* parent = nullptr);
    /// Works on `capture` instead (a test, or a capture made elsewhere), which shows the
    /// desktop area `geometry` (logical pixels; default: the capture's own logical size).
    ScreenRegionPicker(const QImage& capture, const QRect& geometry, QWidget* parent = nullptr);
    ~ScreenRegionPicker() override;

    /// All screens as one image (device pixels, devicePixelRatio set) and the desktop area
    /// it shows; a null image where the system does not allow capturing (e.g. Wayland).
    static QImage grabScreens(QRect* geometry);

    const QImage& capture() const { return m_capture; }

public slots:
    /// The whole capture first, then the overlay. Reports through the signals below.
    void start();
    void showOverlay();
    /// Decodes the part of the capture under `region` (the overlay's coordinates).
    void decodeRegion(const QRect& region);

signals:
    void decoded(const QString& text);
    /// The chosen region held no QR code (the overlay stays open for another try).
    void notFound();
    void cancelled();
    /// The screen could not be captured; `reason` says so in words.
    void unavailable(const QString& reason);

protected:
    void paintEvent(QPaintEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    enum class Stage { Idle, WholeCapture, Picking, Region };
    void setUp();
    void onNotFound();
    void cancel();
    QRect toCapturePixels(const QRect& region) const;

    QImage m_capture;
    QRect m_geometry;
    AsyncQrDecoder* m_decoder;
    Stage m_stage = Stage::Idle;
    QString m_hint;
    QPoint m_origin;
    QRect m_selection;
    bool m_dragging = false;
};

} // namespace ferry::ui
