-- The report timeline is append-only, like audit_log: corrections are new events.
CREATE TRIGGER report_events_append_only BEFORE UPDATE OR DELETE ON report_events
  FOR EACH ROW EXECUTE FUNCTION louzhang_refuse_change();
--> statement-breakpoint
-- The report category tree (docs/rules.md, "Reports"), shared reference data. Admins edit SLAs and default departments.
INSERT INTO report_categories (code, name_zh, name_en, sort) VALUES
  ('sanitation', '环境卫生', 'Sanitation', 10),
  ('repair', '设施维修', 'Facility repair', 20),
  ('safety', '安全隐患', 'Safety hazard', 30),
  ('dispute', '邻里纠纷', 'Neighbour dispute', 40),
  ('parking', '停车秩序', 'Parking', 50),
  ('clutter', '乱堆乱放', 'Clutter in shared spaces', 60),
  ('street_vending', '占道经营', 'Street vending', 70),
  ('illegal_building', '私搭乱建', 'Illegal construction', 80),
  ('green_damage', '毁绿种菜', 'Vegetable plots on green space', 90),
  ('policy', '政策咨询', 'Policy enquiry', 100),
  ('errand', '代办服务', 'Errands on behalf', 110),
  ('property', '物业服务', 'Property management service', 120);
--> statement-breakpoint
INSERT INTO report_categories (parent_id, code, name_zh, name_en, sort)
SELECT p.id, v.code, v.zh, v.en, v.sort
FROM (VALUES
  ('repair', 'repair.door_lock', '门锁', 'Door lock', 21),
  ('repair', 'repair.street_light', '路灯', 'Street or stairwell light', 22),
  ('repair', 'repair.sewer', '下水道', 'Blocked sewer', 23),
  ('repair', 'repair.water_pipe', '水管', 'Water pipe', 24),
  ('safety', 'safety.fire_equipment', '消防设施', 'Fire equipment', 31),
  ('safety', 'safety.flying_wire', '飞线充电', 'Flying-wire e-bike charging', 32)
) AS v(parent_code, code, zh, en, sort)
JOIN report_categories p ON p.code = v.parent_code;
--> statement-breakpoint
-- SLA profiles in hours per level (1 building, 2 grid, 3 community, 4 street, 5 department).
INSERT INTO report_category_slas (category_id, level, ack_hours, resolve_hours)
SELECT c.id, s.level, s.ack, s.resolve
FROM report_categories c
JOIN (VALUES
  ('sanitation', 'normal'), ('repair', 'normal'), ('repair.door_lock', 'normal'), ('repair.street_light', 'normal'),
  ('repair.sewer', 'normal'), ('repair.water_pipe', 'normal'), ('safety', 'urgent'), ('safety.fire_equipment', 'urgent'),
  ('safety.flying_wire', 'urgent'), ('dispute', 'slow'), ('parking', 'normal'), ('clutter', 'normal'),
  ('street_vending', 'enforcement'), ('illegal_building', 'enforcement'), ('green_damage', 'enforcement'),
  ('policy', 'slow'), ('errand', 'slow'), ('property', 'normal')
) AS m(code, profile) ON m.code = c.code
JOIN (VALUES
  ('urgent', 1, 1, 12), ('urgent', 2, 2, 24), ('urgent', 3, 2, 24), ('urgent', 4, 4, 48), ('urgent', 5, 4, 72),
  ('normal', 1, 4, 48), ('normal', 2, 8, 72), ('normal', 3, 8, 72), ('normal', 4, 24, 120), ('normal', 5, 24, 168),
  ('slow', 1, 8, 72), ('slow', 2, 24, 120), ('slow', 3, 24, 168), ('slow', 4, 24, 240), ('slow', 5, 48, 360),
  ('enforcement', 1, 8, 72), ('enforcement', 2, 24, 120), ('enforcement', 3, 24, 168), ('enforcement', 4, 24, 240),
  ('enforcement', 5, 24, 360)
) AS s(profile, level, ack, resolve) ON s.profile = m.profile;
