/** Electron entry: one locked-down window on the renderer, services over IPC. */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, session, shell } from 'electron';
import { registerIpcHandlers } from './ipc-handlers';
import { createServices, type Services } from './services/create-services';
import { DATABASE_FILE_NAME, resourcesDir, userDataDir } from './services/resource-paths';
import { UserError } from './services/user-error';
import { isSafeExternalUrl, rendererCsp, windowPreferences } from './window-security';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererIndex = join(here, '../renderer/index.html');
// electron-vite sets this in development: the renderer comes from its dev server.
const devServerUrl = process.env['ELECTRON_RENDERER_URL'];
const rendererUrl = devServerUrl ?? pathToFileURL(rendererIndex).href;

function secureSession(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [rendererCsp(devServerUrl !== undefined)],
      },
    });
  });
  // Reports are saved through a download: let the user choose where.
  session.defaultSession.on('will-download', (_event, item) => {
    item.setSaveDialogOptions({
      title: 'Enregistrer le fichier',
      defaultPath: join(app.getPath('documents'), item.getFilename()),
      buttonLabel: 'Enregistrer',
    });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => {
    callback(false);
  });
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    title: 'Passerelle',
    show: false,
    webPreferences: windowPreferences(join(here, '../preload/index.js')),
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(rendererIndex);
  return window;
}

async function start(): Promise<void> {
  await app.whenReady();
  secureSession();
  let services: Services;
  try {
    services = await createServices({
      databasePath: join(userDataDir(), DATABASE_FILE_NAME),
      resourcesDir: resourcesDir({ packaged: app.isPackaged }),
    });
  } catch (error) {
    console.error('[main] start-up failed', error);
    const message =
      error instanceof UserError ? error.message : 'Passerelle n’a pas pu démarrer.';
    dialog.showErrorBox('Passerelle', message);
    app.quit();
    return;
  }
  for (const notice of services.notices) {
    void dialog.showMessageBox({ type: 'warning', title: 'Passerelle', message: notice });
  }
  registerIpcHandlers(services, rendererUrl);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('will-quit', () => services.close());
}

// One instance only: two would overwrite each other's database file.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  void start();
}
