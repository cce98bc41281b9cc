using Glyphh.Auth;
using Glyphh.Licensing;
using Glyphh.Quotas;
using Glyphh.Samples.Projects;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddGlyphhAuthEnvironmentVariables();
builder.Services.AddGlyphhAuth(builder.Configuration.GetSection(GlyphhAuthOptions.SectionName));
builder.Services.AddGlyphhLicensing(builder.Configuration);
builder.Services.AddGlyphhQuotas(builder.Configuration.GetSection(QuotaOptions.SectionName))
    .AddTierCaps((sp, _, resource) => QuotaLimit.FromNullable(sp.GetRequiredService<ILicenseState>().Current.Limits.Get(resource)));
builder.Services.AddGlyphhHealth(builder.Configuration.GetSection("Glyphh:Health")).AddGlyphhLicenseCheck();
builder.Services.AddSingleton<ProjectStore>();

var app = builder.Build();
app.UseExceptionHandler();
app.UseGlyphhLicensing();
app.UseAuthentication();
app.UseAuthorization();
app.MapGlyphhHealth();
var quotas = app.MapGlyphhQuotas();
quotas.Read.RequireNamespacePermission(NamespacePermission.Read);
quotas.Update.RequirePlatformAdmin();
app.MapProjects();
app.Run();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
