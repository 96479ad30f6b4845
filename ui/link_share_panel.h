#pragma once

#include <QPointer>
#include <QWidget>

class QFileDialog;
class QLineEdit;
class QPushButton;

namespace ferry::ui {

class QrCodeWidget;

/// A link to hand to someone: its QR code, the link itself (read-only, selectable), and
/// Copy link / Save image… buttons. Shared by the invitation and the address dialogs.
class LinkSharePanel : public QWidget {
    Q_OBJECT

public:
    /// The saved PNG is about this wide on paper, and at least this many pixels.
    static constexpr int kPrintWidthMm = 80;
    static constexpr int kImageMinimumSide = 1200;

    /// `suggestedFileName`: what the save dialog proposes, e.g. "ferry-invitation.png".
    explicit LinkSharePanel(const QString& suggestedFileName, QWidget* parent = nullptr);

    void setLink(const QString& link);
    QString link() const;
    QrCodeWidget* qrCode() const { return m_qr; }
    QPushButton* copyButton() const { return m_copy; }

    /// The QR code as an image that prints well: ~8 cm wide at high resolution.
    QImage printableImage() const;

public slots:
    void copyLink();
    /// Asks where to save the image (non-blocking file dialog), then saves it.
    void chooseImageFile();
    /// Saves the image as PNG; on failure tells the user and returns false.
    bool saveImage(const QString& path);

private:
    QrCodeWidget* m_qr;
    QLineEdit* m_link;
    QPushButton* m_copy;
    QPushButton* m_save;
    QString m_suggestedFileName;
    QPointer<QFileDialog> m_fileDialog;
};

} // namespace ferry::ui
