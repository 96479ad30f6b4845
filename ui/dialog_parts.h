#pragma once

#include <QString>

class QDialog;
class QDialogButtonBox;
class QLabel;
class QPushButton;
class QStackedWidget;
class QWidget;

namespace ferry::ui {

/// Pieces every Ferry dialog is built from, so they look and behave alike.

/// A label that wraps its text.
QLabel* wrappedLabel(const QString& text, QWidget* parent);

/// The red line under a form that says what is wrong (objectName "errorLabel"; hidden until
/// it has something to say).
QLabel* errorLabel(QWidget* parent);

/// OK/Cancel buttons wired to the dialog's accept()/reject(), the OK button renamed to
/// `okText`, given `okObjectName` and made the default (Enter).
QDialogButtonBox* okCancelButtons(QDialog& dialog, const QString& okText,
                                  const QString& okObjectName);

/// Shows `page` of a dialog's stack and makes `defaultButton` the one Enter presses (and
/// focuses it), or leaves focus alone when there is none.
void showPage(QStackedWidget& pages, QWidget* page, QPushButton* defaultButton = nullptr);

/// Tells the user in a window-modal box (objectName "operationFailedBox") that something they
/// asked for failed, when no dialog of that operation is open to say it.
void reportFailure(QWidget* parent, const QString& message);

/// Where image file dialogs start: the user's pictures folder, else home.
QString picturesFolder();

} // namespace ferry::ui
