"""Station assets shipped with the package: sounds, compiled translations, icons and the PDF
fonts."""
