using Glyphh.LicenseServer;

var builder = WebApplication.CreateBuilder(args);
builder.AddLicenseServer();
var app = builder.Build();
await app.UseLicenseServerAsync().ConfigureAwait(false);
await app.RunAsync().ConfigureAwait(false);

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
