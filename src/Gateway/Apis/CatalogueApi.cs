using JointPunishment.Grains.Domain.Catalogue;

namespace JointPunishment.Gateway.Apis;

public static class CatalogueApi
{
    public static RouteGroupBuilder MapCatalogueApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/catalogue").WithTags("Catalogue");
        group.MapGet("/", () => TypedResults.Ok(Entries))
            .WithName("GetCatalogue")
            .WithSummary("Every joint-punishment measure: code, section of the policy text, effect, scope and title.");
        return group;
    }

    private static readonly IReadOnlyList<CatalogueEntry> Entries =
        [.. MeasureCatalogue.All.Select(m => new CatalogueEntry(m.Code, m.Ref, m.EffectWire, m.ScopeNotation, m.TitleEn, m.TitleZh, [.. m.ResponsibleAgencies]))];

    public sealed record CatalogueEntry(string Code, string Ref, string Effect, string Scope, string Title, string TitleZh, IReadOnlyList<string> Agencies);
}
