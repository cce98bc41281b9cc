using Glyphh.LicenseServer.Configuration;
using Glyphh.LicenseServer.Storage;

var builder = WebApplication.CreateBuilder(args);

// PORT picks the port (default 8080) unless ASPNETCORE_URLS/--urls says otherwise.
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
{
    var port = builder.Configuration["PORT"] is { Length: > 0 } p ? p : "8080";
    builder.WebHost.UseUrls($"http://0.0.0.0:{port}");
}

var options = LicenseServerConfiguration.Read(builder.Configuration);
builder.Services.AddSingleton(options);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(_ => LicenseDatabase.Create(options.DatabaseUrl, options.DataDirectory));
builder.Services.AddSingleton<Migrator>();
builder.Services.AddSingleton<LicenseStore>();

var app = builder.Build();
await app.Services.GetRequiredService<Migrator>().MigrateAsync(CancellationToken.None).ConfigureAwait(false);
await app.RunAsync().ConfigureAwait(false);

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
