using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Glyphh.Health;
using Glyphh.Health.Internal.Checks;
using Glyphh.Health.Internal.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the built-in Glyphh checks. A second check under a name that is taken fails at start-up.</summary>
public static class GlyphhHealthChecksBuilderExtensions
{
    /// <summary>Adds the <c>disk</c> check: free space of the file system holding a directory.</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="configure">Sets <see cref="DiskSpaceCheckOptions.Path"/> and optionally the thresholds.</param>
    /// <param name="name">The check's name, the key in the readiness response.</param>
    /// <param name="failureStatus">Status reported below the unhealthy threshold, on failure or timeout; default unhealthy.</param>
    /// <param name="tags">Tags of the registration.</param>
    /// <param name="timeout">The check's own timeout; default <see cref="GlyphhHealthOptions.CheckTimeout"/>.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddGlyphhDiskSpaceCheck(this IHealthChecksBuilder builder, Action<DiskSpaceCheckOptions> configure,
        string name = "disk", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        AddOptions<DiskSpaceCheckOptions, DiskSpaceCheckOptionsValidator>(builder, name, configure);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DiskSpaceCheckOptions>, CheckOptionsRules>());
        return builder.Add(new HealthCheckRegistration(name,
            static sp => new DiskSpaceHealthCheck(sp.GetRequiredService<IOptionsMonitor<DiskSpaceCheckOptions>>()), failureStatus, tags, timeout));
    }

    /// <summary>Adds the <c>memory</c> check: working set against the cgroup limit, else the memory available to the process.</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="configure">Optional changes to the thresholds.</param>
    /// <param name="name">The check's name, the key in the readiness response.</param>
    /// <param name="failureStatus">Status reported at the unhealthy threshold, on failure or timeout; default unhealthy.</param>
    /// <param name="tags">Tags of the registration.</param>
    /// <param name="timeout">The check's own timeout; default <see cref="GlyphhHealthOptions.CheckTimeout"/>.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddGlyphhMemoryCheck(this IHealthChecksBuilder builder, Action<MemoryCheckOptions>? configure = null,
        string name = "memory", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null, TimeSpan? timeout = null)
    {
        AddOptions<MemoryCheckOptions, MemoryCheckOptionsValidator>(builder, name, configure ?? (static _ => { }));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MemoryCheckOptions>, CheckOptionsRules>());
        return builder.Add(new HealthCheckRegistration(name,
            static sp => new MemoryHealthCheck(sp.GetRequiredService<IOptionsMonitor<MemoryCheckOptions>>()), failureStatus, tags, timeout));
    }

    /// <summary>Adds the <c>data_dir</c> check: the directory exists, and a probe file can be written, flushed to disk and deleted.</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="configure">Sets <see cref="DataDirectoryCheckOptions.Path"/>.</param>
    /// <param name="name">The check's name, the key in the readiness response.</param>
    /// <param name="failureStatus">Status reported on failure or timeout; default unhealthy.</param>
    /// <param name="tags">Tags of the registration.</param>
    /// <param name="timeout">The check's own timeout; default <see cref="GlyphhHealthOptions.CheckTimeout"/>.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddGlyphhDataDirectoryCheck(this IHealthChecksBuilder builder, Action<DataDirectoryCheckOptions> configure,
        string name = "data_dir", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        AddOptions<DataDirectoryCheckOptions, DataDirectoryCheckOptionsValidator>(builder, name, configure);
        return builder.Add(new HealthCheckRegistration(name,
            static sp => new DataDirectoryHealthCheck(sp.GetRequiredService<IOptionsMonitor<DataDirectoryCheckOptions>>()), failureStatus, tags, timeout));
    }

    /// <summary>
    /// Adds the <c>database</c> check: runs <see cref="DatabaseCheckOptions.Query"/> through an ADO.NET data source
    /// (for example an <c>NpgsqlDataSource</c>); slow answers are degraded, failures unhealthy.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="dataSource">Returns the application's data source; called on each run, so return a shared instance, not a new one.</param>
    /// <param name="configure">Optional changes to the query and the slow threshold.</param>
    /// <param name="name">The check's name, the key in the readiness response.</param>
    /// <param name="failureStatus">Status reported on failure or timeout; default unhealthy.</param>
    /// <param name="tags">Tags of the registration.</param>
    /// <param name="timeout">The check's own timeout; default <see cref="GlyphhHealthOptions.CheckTimeout"/>.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddGlyphhDatabaseCheck(this IHealthChecksBuilder builder, Func<IServiceProvider, DbDataSource> dataSource,
        Action<DatabaseCheckOptions>? configure = null, string name = "database", HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        AddOptions<DatabaseCheckOptions, DatabaseCheckOptionsValidator>(builder, name, configure ?? (static _ => { }));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatabaseCheckOptions>, CheckOptionsRules>());
        return builder.Add(new HealthCheckRegistration(name,
            sp => new DatabaseHealthCheck(dataSource(sp), sp.GetRequiredService<IOptionsMonitor<DatabaseCheckOptions>>().Get(name), sp.GetRequiredService<TimeProvider>()),
            failureStatus, tags, timeout));
    }

    private static void AddOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TValidator>(IHealthChecksBuilder builder, string name, Action<TOptions> configure)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        builder.Services.AddOptions<TOptions>(name).Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
    }
}
