using System.Collections;
using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text;
using DataAnnotations = System.ComponentModel.DataAnnotations;

namespace JointPunishment.Grains.Wire.Records;

/// <summary>
/// Runs a bound request record's DataAnnotations rules (the wire-worded ones in <c>WireRules.cs</c> and the framework's own) over
/// the record and every record and list it holds, each value as the framework's <see cref="Validator.TryValidateValue"/>
/// judges it: <c>[Required]</c> first, alone (a missing field has nothing else to judge); otherwise every other rule,
/// each failure reported. Then the records inside it, also when a rule on the property failed; a list's <c>null</c> item
/// is itself missing (<c>units[2]</c>: "is required"). Errors are keyed by JSON path (<c>events[3].subject.idNumber</c>).
/// </summary>
/// <remarks>
/// Written rather than taken from Microsoft.Extensions.Validation (whose walk this follows): in .NET 10 its validator looks
/// every property up by reflection (<c>Type.GetProperty</c>) and formats every member's path on each request, and its
/// resolver API is still marked for evaluation (ASP0029). Binding a body of 100 court events and judging it this way took
/// 3.6–4.1 times a bare <c>JsonDocument</c> parse of it and allocated 85 KB; with that validator in place of this one,
/// 10.8–11.3 times and 666 KB (<c>bench/Binding</c>, docs/benchmarks.md). The rules stay the framework's attributes, which
/// the OpenAPI document also reads.
/// </remarks>
public sealed class RecordRules
{
    private static readonly ConcurrentDictionary<Type, RecordRules> Described = new();

    private readonly Member[] _members;

    // The members the serializer binds, under the names it reads them by.
    private RecordRules(Type type) =>
        _members = [.. RequestJson.Options.GetTypeInfo(type).Properties
            .Where(p => p.AttributeProvider is PropertyInfo)
            .Select(p => Member.Describe((PropertyInfo)p.AttributeProvider!, p.Name))
            .Where(m => m is not null)
            .Select(m => m!)];

    /// <summary>The rules of <paramref name="type"/>, described on first use.</summary>
    public static RecordRules For(Type type) => Described.GetOrAdd(type, static t => new RecordRules(t));

    /// <summary>Judges <paramref name="record"/>, adding every broken rule to <paramref name="errors"/> under its JSON path below <paramref name="path"/>.</summary>
    public static void Validate(object record, ValidationErrors errors, string path = "")
    {
        For(record.GetType()).Validate(record, new Walk(new ValidationContext(record), errors, path));
    }

    private void Validate(object record, Walk walk)
    {
        foreach (var member in _members)
        {
            var value = member.Property.GetValue(record);
            walk.Push(member.WireName);
            member.Judge(value, walk);
            if (value is not null && member.HoldsRecord)
            {
                For(value.GetType()).Validate(value, walk);
            }
            else if (value is IList items && (member.ItemsAreRecords || member.ItemsAreText))
            {
                for (var i = 0; i < items.Count; i++)
                {
                    walk.Push(i);
                    if (items[i] is not { } item)
                    {
                        walk.Add("is required");
                    }
                    else if (member.ItemsAreRecords)
                    {
                        For(item.GetType()).Validate(item, walk);
                    }

                    walk.Pop();
                }
            }

            walk.Pop();
        }
    }

    /// <summary>A property with rules or records below it.</summary>
    private sealed record Member(
        PropertyInfo Property, string WireName, DataAnnotations.RequiredAttribute? Required, ValidationAttribute[] Rules, bool HoldsRecord, bool ItemsAreRecords, bool ItemsAreText)
    {
        public static Member? Describe(PropertyInfo property, string wireName)
        {
            var rules = property.GetCustomAttributes<ValidationAttribute>(inherit: true).ToArray();
            var required = rules.OfType<DataAnnotations.RequiredAttribute>().FirstOrDefault();
            var type = property.PropertyType;
            var itemType = type == typeof(string) ? null : ItemType(type);
            var holdsRecord = itemType is null && IsRecord(type);
            var itemsAreRecords = itemType is not null && IsRecord(itemType);
            var itemsAreText = itemType == typeof(string);
            return rules.Length == 0 && !holdsRecord && !itemsAreRecords && !itemsAreText
                ? null
                : new Member(property, wireName, required, [.. rules.Where(r => r != required)], holdsRecord, itemsAreRecords, itemsAreText);
        }

        /// <summary>As <see cref="Validator.TryValidateValue"/> does: <c>[Required]</c> alone when it fails, else every other rule.</summary>
        public void Judge(object? value, Walk walk)
        {
            if (Required is not null && Judge(Required, value, walk))
            {
                return;
            }

            foreach (var rule in Rules)
            {
                Judge(rule, value, walk);
            }
        }

        /// <returns>Whether the rule failed.</returns>
        private bool Judge(ValidationAttribute rule, object? value, Walk walk)
        {
            walk.Context.MemberName = Property.Name;
            walk.Context.DisplayName = WireName;
            if (rule.GetValidationResult(value, walk.Context) is { ErrorMessage: { } message })
            {
                walk.Add(message);
                return true;
            }

            return false;
        }

        /// <summary>The request records this project's assemblies declare: the ones whose rules are walked into.</summary>
        private static bool IsRecord(Type type) => type.IsClass && type.Namespace?.StartsWith("JointPunishment.", StringComparison.Ordinal) == true;

        private static Type? ItemType(Type type) =>
            type.IsArray ? type.GetElementType()
            : type.IsGenericType && type.GetGenericTypeDefinition() is var definition
              && (definition == typeof(IReadOnlyList<>) || definition == typeof(IList<>) || definition == typeof(List<>))
                ? type.GetGenericArguments()[0]
                : null;
    }

    /// <summary>Where the walk is (a stack of names and indexes, formatted only for an error) and what it found.</summary>
    private sealed class Walk(ValidationContext context, ValidationErrors errors, string root)
    {
        private readonly List<(string? Name, int Index)> _path = [];

        public ValidationContext Context => context;

        public void Push(string name) => _path.Add((name, 0));

        public void Push(int index) => _path.Add((null, index));

        public void Pop() => _path.RemoveAt(_path.Count - 1);

        public void Add(string message)
        {
            var path = new StringBuilder(root);
            foreach (var (name, index) in _path)
            {
                _ = name is null ? path.Append('[').Append(index).Append(']') : path.Append(path.Length == 0 ? "" : ".").Append(name);
            }

            errors.Add(path.ToString(), message);
        }
    }
}
