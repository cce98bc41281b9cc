using Glyphh.Auth;
using Glyphh.Health;
using Glyphh.Licensing;
using Glyphh.Quotas;
using Glyphh.Samples.Projects;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddGlyphhAuthEnvironmentVariables().AddGlyphhLicensingEnvironmentVariables().AddGlyphhQuotasEnvironmentVariables();
builder.Services.AddGlyphhAuth(builder.Configuration.GetSection(GlyphhAuthOptions.SectionName));
builder.Services.AddGlyphhLicensing(builder.Configuration.GetSection(GlyphhLicensingOptions.SectionName));
builder.Services.AddGlyphhQuotas(builder.Configuration.GetSection(GlyphhQuotasOptions.SectionName))
    .AddTierCaps((sp, _, resource) => QuotaLimit.FromNullable(sp.GetRequiredService<ILicenseState>().Current.Limits.Get(resource)));
builder.Services.AddGlyphhHealth(builder.Configuration.GetSection(GlyphhHealthOptions.SectionName))
    .AddPrometheusExporter()
    .AddGlyphhLicenseCheck();
builder.Services.AddSingleton<ProjectStore>();

var app = builder.Build();
app.UseExceptionHandler();
app.UseGlyphhLicensing();
app.UseGlyphhAuthentication();
app.UseGlyphhAuthorization();
app.MapGlyphhHealth();
var quotas = app.MapGlyphhQuotas();
quotas.Read.RequireNamespacePermission(NamespacePermission.Read);
quotas.Update.RequirePlatformAdmin();
app.MapProjects();
app.Run();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
