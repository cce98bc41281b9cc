using Glyphh.LicenseTool;

return await LicenseToolApp.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
