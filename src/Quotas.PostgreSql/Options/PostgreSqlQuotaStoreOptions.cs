using System.ComponentModel.DataAnnotations;

namespace Glyphh.Quotas.PostgreSql;

/// <summary>Options of the PostgreSQL usage store.</summary>
public sealed class PostgreSqlQuotaStoreOptions
{
    /// <summary>
    /// The PostgreSQL schema that holds the tables <c>usage</c>, <c>overrides</c> and <c>schema_version</c>; created
    /// when missing. Lowercase letters, digits and <c>_</c>, starting with a letter or <c>_</c>, up to 63 characters.
    /// </summary>
    /// <value>Default <c>glyphh_quotas</c>.</value>
    [Required]
    [RegularExpression("^[a-z_][a-z0-9_]{0,62}$")]
    public string SchemaName { get; set; } = "glyphh_quotas";

    /// <summary>
    /// Whether the schema is created or upgraded when the host starts (a database that cannot be reached then stops
    /// start-up). When <see langword="false"/>, it is done on first use.
    /// </summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool InitializeOnStartup { get; set; } = true;
}
