; Inno Setup 6 script of the packstation Windows installer.
;
; Built by installer/build.py, which passes the version (from packstation.__version__) and the
; one-folder bundle PyInstaller made:
;   ISCC /DAppVersion=0.0.0 /DSourceDir=..\dist\packstation-0.0.0-windows-x86_64 packstation.iss
;
; Installs for all users into Program Files (per-user when not run as administrator), with a
; Start-menu group, an optional desktop shortcut, and an uninstaller (Settings → Apps). The
; station's settings, journal, labels and logs live in the user's AppData folders and are kept
; on uninstall and on update (see installer/README.md). Silent install for rollouts:
;   packstation-0.0.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /TASKS="desktopicon"

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=X.Y.Z (installer/build.py does)
#endif
#ifndef SourceDir
  #define SourceDir "..\dist\packstation-" + AppVersion + "-windows-x86_64"
#endif
#ifndef OutputDir
  #define OutputDir "..\dist"
#endif
#ifndef OutputBaseFilename
  #define OutputBaseFilename "packstation-" + AppVersion + "-setup"
#endif

#define AppName "packstation"
#define AppPublisher "packstation"
#define AppExe "packstation.exe"

[Setup]
; The AppId ties updates and the uninstaller to one product: never change it.
AppId={{6F3C2A71-5B0E-4D8A-9C7E-2B1D4F6A8E35}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename={#OutputBaseFilename}
SetupIconFile=icons\packstation.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; an update closes a running station first (its journal is safe: see the README)
CloseApplications=yes
RestartApplications=no
; code signing: see installer/README.md (SignTool=… /DSign=1)
#ifdef Sign
SignTool=packstation $f
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "german"; MessagesFile: "compiler:Languages\German.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; an update replaces the whole program folder: no file of an older version stays behind
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{group}\{#AppName} demo (training)"; Filename: "{app}\{#AppExe}"; Parameters: "demo"; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
