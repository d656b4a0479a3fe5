// Write a batch of models: create or update each by key, resolve placeholders (the model loses
// its Placeholder label), bring back removed models (they lose the Removed label), skip ids this
// load has already written (duplicates within one load are reported, not applied).
//
// A row with a statement kind (hub, dataset ...) states the model's declared parents in full:
// an edge the same kind of statement made before and this one no longer declares is to end;
// their ids come back as `ending`, for load/end_edges in the same transaction (creating and
// deleting relationships here would make the planner hold every row between steps, three times
// slower). Edges a crawl's children list stated (source 'crawl') are not the child's statement.
// Parents are compared by their current keys: an alias (a renamed model's old id) names the
// model it became. Parents added are recorded only against an earlier statement of the same
// kind (the declared_parents it left), or, for a model loaded before statements were kept,
// against its current edges.
//
// With $track, every change to a watched fact, every parent added or ended, and every model
// added or returned comes back in `changes`, for load/record_changes in the same transaction as
// the write, so that a load killed and run again records each change once.
//
// Datetimes travel as ISO-8601 text: the driver's conversion of Python datetimes costs more
// than the rest of the row.
//
// Access: write
// Parameters:
//   $rows      list of {key, id, created_at, last_modified, props, statement, parents}: props
//              holds only the properties the source states; the datetimes are ISO text or
//              null; parents is a list of {type, key, id}, null when statement is null
//   $snapshot  id of the load (Snapshot.id)
//   $seen      when the load started (datetime)
//   $track     whether to record changes (false until a load has finished: the baseline)
//   $watched   list of {kind, property}: the facts whose changes are recorded
//   $types     the lineage relationship types
//   $labels    map of relationship type -> relation word
//   $aliases   whether the graph holds aliases (renamed models' old ids) to resolve
// Returns: created, resolved, updated, duplicates, ending, changes
UNWIND $rows AS row
MERGE (m:Model {key: row.key})
WITH m, row,
     coalesce(m.last_snapshot = $snapshot, false) AS duplicate,
     m.first_snapshot IS NULL AS created,
     m:Placeholder AS resolved,
     m:Removed AS returned
OPTIONAL CALL (m, row, duplicate, created, resolved, returned) {
  WITH m, row, created, resolved, returned
  WHERE NOT duplicate
  WITH m, row, created, resolved, returned,
       CASE WHEN row.statement IS NULL THEN null ELSE
         [x IN row.parents | x {.type, .id,
           key: CASE WHEN $aliases
                     THEN coalesce(head([(:Alias {key: x.key})-[:ALIAS_OF]->(t:Model) | t.key]),
                                   x.key)
                     ELSE x.key END}]
       END AS declared
  WITH m, row, created, resolved, returned, declared,
       [d IN coalesce(declared, []) | d.type + '>' + d.key] AS names,
       CASE WHEN declared IS NULL OR created THEN [] ELSE
         [(p:Model)-[e]->(m) WHERE type(e) IN $types AND e.source <> 'crawl'
                               AND coalesce(e.statement, row.statement) = row.statement
          | [e, type(e) + '>' + p.key, p.id]]
       END AS stated
  WITH m, row, created, resolved, returned, declared, names,
       [s IN stated WHERE NOT s[1] IN names] AS ended,
       CASE WHEN m.parents_statement = row.statement THEN coalesce(m.declared_parents, [])
            WHEN m.parents_statement IS NULL THEN [s IN stated | s[1]] END AS before
  WITH m, row, declared, names, ended, returned,
       CASE WHEN NOT $track THEN []
            WHEN created OR resolved THEN [{kind: 'added'}]
            ELSE
              CASE WHEN returned THEN [{kind: 'returned'}] ELSE [] END
              + [w IN $watched WHERE w.property IN keys(row.props)
                   AND NOT (m[w.property] IS NULL AND row.props[w.property] IS NULL)
                   AND NOT coalesce(m[w.property] = row.props[w.property], false)
                 | {kind: w.kind, before: m[w.property], after: row.props[w.property]}]
              + CASE WHEN 'has_card' IN keys(row.props)
                          AND NOT coalesce(m.has_card = row.props.has_card
                                           AND m.card_length = row.props.card_length, false)
                     THEN [{kind: 'card',
                            before: CASE WHEN m.has_card THEN m.card_length END,
                            after: CASE WHEN row.props.has_card THEN row.props.card_length END}]
                     ELSE [] END
              + [d IN coalesce(declared, []) WHERE before IS NOT NULL
                   AND NOT d.type + '>' + d.key IN before
                 | {kind: 'parent_added', after: d.id, relation: $labels[d.type]}]
              + [s IN ended | {kind: 'parent_ended', before: s[2],
                               relation: $labels[type(s[0])]}]
       END AS changes
  SET m += row.props,
      m.id = row.id,
      m.created_at = coalesce(datetime(row.created_at), m.created_at),
      m.last_modified = coalesce(datetime(row.last_modified), m.last_modified),
      m.first_seen = coalesce(m.first_seen, $seen),
      m.first_snapshot = coalesce(m.first_snapshot, $snapshot),
      m.last_seen = $seen,
      m.last_snapshot = $snapshot,
      m.declared_parents = CASE WHEN declared IS NULL THEN m.declared_parents
                                WHEN size(names) > 0 THEN names END,
      m.parents_statement = coalesce(row.statement, m.parents_statement)
  REMOVE m:Placeholder
  FOREACH (_ IN CASE WHEN returned THEN [1] ELSE [] END |
    REMOVE m:Removed, m.removed_at, m.removed_snapshot)
  RETURN [s IN ended | elementId(s[0])] AS ending,
         [change IN changes | change {.*, model_key: row.key, model_id: row.id}] AS changes
}
RETURN sum(CASE WHEN created AND NOT duplicate THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN resolved AND NOT duplicate THEN 1 ELSE 0 END) AS resolved,
       sum(CASE WHEN NOT (created OR resolved OR duplicate) THEN 1 ELSE 0 END) AS updated,
       [r IN collect(CASE WHEN duplicate THEN row.key END) WHERE r IS NOT NULL] AS duplicates,
       reduce(all = [], ids IN collect(ending) | all + ids) AS ending,
       reduce(all = [], found IN collect(changes) | all + found) AS changes
