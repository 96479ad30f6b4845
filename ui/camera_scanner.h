#pragma once

#include <QDialog>
#include <QElapsedTimer>

class QCamera;
class QCameraDevice;
class QComboBox;
class QLabel;
class QMediaCaptureSession;
class QMediaDevices;
class QVideoFrame;
class QVideoWidget;

namespace ferry::ui {

class AsyncQrDecoder;

/// Scans a QR code live from a camera: a preview, frames decoded on a worker thread (one at
/// a time, a few per second), and the first Ferry link found is emitted. Camera problems are
/// shown in words inside the dialog.
class CameraScanner : public QDialog {
    Q_OBJECT

public:
    explicit CameraScanner(QWidget* parent = nullptr);
    ~CameraScanner() override;

    /// Whether the system has any camera at all.
    static bool cameraAvailable();

signals:
    /// A QR code holding a Ferry link was seen; the dialog closes itself.
    void decoded(const QString& text);

public slots:
    void done(int result) override;

private:
    void listCameras();
    void startCamera(int index);
    void stopCamera();
    void onFrame(const QVideoFrame& frame);
    void onDecoded(const QString& text);
    void setStatus(const QString& text);

    QComboBox* m_cameras;
    QVideoWidget* m_preview;
    QLabel* m_status;
    QMediaCaptureSession* m_session;
    QMediaDevices* m_devices;
    QCamera* m_camera = nullptr;
    AsyncQrDecoder* m_decoder;
    QElapsedTimer m_sinceDecode;
    QString m_lastRejected;
};

} // namespace ferry::ui
