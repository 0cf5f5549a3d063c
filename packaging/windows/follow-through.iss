; Inno Setup script for Follow-Through on Windows: a per-user install (no administrator
; rights), a Start-menu entry, start at login offered and ticked, and an uninstall that keeps
; the user's promises unless they tick a box.
;
;   bash packaging/build.sh                                   ; builds the app, then this
;   iscc /DAppVersion=0.1.0 packaging\windows\follow-through.iss  ; by hand, after the build
;
; Reads dist\follow-through\ (the frozen app) and writes dist\Follow-Through-<version>-setup.exe.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "Follow-Through"
#define AppExe "follow-through.exe"
; The value start at login uses under HKCU\Software\Microsoft\Windows\CurrentVersion\Run;
; the app's own Settings switch reads and writes the same value.
#define RunValue "Follow-Through"
#define Root "..\.."

[Setup]
AppId={{6C1B7C52-3E0F-4B7A-9C51-6F2D8E4A9B17}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist
OutputBaseFilename=Follow-Through-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
CloseApplications=yes
RestartApplications=no
#if FileExists(AddBackslash(SourcePath) + Root + "\resources\icons\app.ico")
SetupIconFile={#Root}\resources\icons\app.ico
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "startatlogin"; Description: "Start {#AppName} when I sign in (so reminders arrive every day)"; GroupDescription: "Start-up:"
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Root}\dist\follow-through\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Parameters: "run"; WorkingDir: "{app}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Parameters: "run"; WorkingDir: "{app}"; Tasks: desktopicon

[Registry]
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; ValueName: "{#RunValue}"; ValueData: """{app}\{#AppExe}"" run"; Tasks: startatlogin; Flags: uninsdeletevalue

[Run]
Filename: "{app}\{#AppExe}"; Parameters: "run"; Description: "Start {#AppName} now"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; The app folder only. The user's data lives elsewhere and is removed only when asked (below).
Type: filesandordirs; Name: "{app}"

[Code]
var
  DeleteUserData: Boolean;

{ Where the app keeps promises, contacts, settings and logs (platformdirs' user data folder). }
function UserDataDir(): String;
begin
  Result := ExpandConstant('{localappdata}\{#AppName}\trayapp');
end;

{ Asked before anything is removed: a box, unticked, to also delete the user's data. }
function InitializeUninstall(): Boolean;
var
  Form: TSetupForm;
  Note: TNewStaticText;
  Box: TNewCheckBox;
  OkButton, CancelButton: TNewButton;
begin
  Result := True;
  DeleteUserData := False;
  if UninstallSilent() then
    Exit;
  Form := CreateCustomForm();
  try
    Form.ClientWidth := ScaleX(420);
    Form.ClientHeight := ScaleY(150);
    Form.Caption := 'Uninstall {#AppName}';

    Note := TNewStaticText.Create(Form);
    Note.Parent := Form;
    Note.Left := ScaleX(16);
    Note.Top := ScaleY(16);
    Note.Width := Form.ClientWidth - ScaleX(32);
    Note.WordWrap := True;
    Note.Caption := '{#AppName} will be removed. Your promises, contacts and settings are kept in '
      + UserDataDir() + ' so that a later install finds them.';

    Box := TNewCheckBox.Create(Form);
    Box.Parent := Form;
    Box.Left := ScaleX(16);
    Box.Top := ScaleY(72);
    Box.Width := Form.ClientWidth - ScaleX(32);
    Box.Caption := 'Also delete my promises, contacts and settings';
    Box.Checked := False;

    OkButton := TNewButton.Create(Form);
    OkButton.Parent := Form;
    OkButton.Caption := 'Uninstall';
    OkButton.Width := ScaleX(90);
    OkButton.Height := ScaleY(24);
    OkButton.Left := Form.ClientWidth - ScaleX(196);
    OkButton.Top := Form.ClientHeight - ScaleY(40);
    OkButton.ModalResult := mrOk;
    OkButton.Default := True;

    CancelButton := TNewButton.Create(Form);
    CancelButton.Parent := Form;
    CancelButton.Caption := 'Cancel';
    CancelButton.Width := ScaleX(90);
    CancelButton.Height := ScaleY(24);
    CancelButton.Left := Form.ClientWidth - ScaleX(100);
    CancelButton.Top := Form.ClientHeight - ScaleY(40);
    CancelButton.ModalResult := mrCancel;
    CancelButton.Cancel := True;

    Result := Form.ShowModal() = mrOk;
    DeleteUserData := Result and Box.Checked;
  finally
    Form.Free();
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and DeleteUserData then
  begin
    DelTree(UserDataDir(), True, True, True);
    RemoveDir(ExpandConstant('{localappdata}\{#AppName}'));
  end;
end;
