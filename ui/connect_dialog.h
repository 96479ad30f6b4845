#pragma once

#include "util/result.h"

#include <QDialog>
#include <QPointer>

class QFileDialog;
class QLabel;
class QLineEdit;
class QMediaDevices;
class QMessageBox;
class QMimeData;
class QPushButton;

namespace ferry::ui {

class AsyncQrDecoder;
class CameraScanner;
class EngineAdapter;
class ScreenRegionPicker;

/// "Connect": add a contact from their invitation or address link — pasted, or scanned from
/// a QR code (camera, image file, clipboard image, a region of the screen, or dropped onto
/// the dialog). Links are checked before the engine is asked; every problem is shown in a
/// warning box in words. A decoded code fills the link field and connects at once.
class ConnectDialog : public QDialog {
    Q_OBJECT

public:
    ConnectDialog(EngineAdapter& adapter, QWidget* parent = nullptr);

    /// Fills the link field (a ferry: link opened from another app). It does not connect:
    /// the user confirms with Connect, so that no web page can add contacts on its own.
    void setLink(const QString& link);
    QString link() const;
    bool isConnecting() const { return m_connecting; }
    /// The open warning (objectName "connectProblem"), if any.
    QMessageBox* problemBox() const;
    /// Looks at dropped or pasted data: an image, an image file, or link text. False when it
    /// holds none of these.
    bool handleMimeData(const QMimeData* data);

public slots:
    /// Checks the link in the field and asks the engine to connect.
    void connectToLink();
    void scanWithCamera();
    /// Asks for an image file (non-blocking file dialog), then scans it.
    void openImage();
    void scanImageFile(const QString& path);
    /// Scans the image on the clipboard (or takes a link copied as text).
    void pasteImage();
    void scanImage(const QImage& image);
    void scanScreen();

signals:
    /// The engine accepted the link; the dialog then closes. The contact completes its
    /// connection later (EngineAdapter::contactConnected).
    void connected(qint64 contactId);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildLayout();
    void connectSignals();
    void onDecoded(const QString& text);
    void onLinkConnected(qint64 contactId);
    void onFailed(const core::Error& error);
    void showProblem(const QString& title, const QString& text);
    void setScanning(bool scanning);
    void updateButtons();
    static bool acceptsMimeData(const QMimeData* data);

    EngineAdapter& m_adapter;
    QLineEdit* m_link;
    QPushButton* m_connect;
    QPushButton* m_camera;
    QPushButton* m_openImage;
    QPushButton* m_pasteImage;
    QPushButton* m_scanScreen;
    QLabel* m_status;
    AsyncQrDecoder* m_decoder;
    QMediaDevices* m_devices;
    bool m_hasCamera = false;
    bool m_connecting = false;
    bool m_scanning = false;
    QPointer<QMessageBox> m_problem;
    QPointer<QFileDialog> m_fileDialog;
    QPointer<CameraScanner> m_cameraScanner;
    QPointer<ScreenRegionPicker> m_screenPicker;
};

} // namespace ferry::ui
