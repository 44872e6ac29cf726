import type { FundView } from '@louzhang/contracts';
import { formatShanghaiDateTime, shanghaiDay } from '@louzhang/contracts';
import Button from 'antd-mobile/es/components/button';
import Dialog from 'antd-mobile/es/components/dialog';
import Input from 'antd-mobile/es/components/input';
import Tag from 'antd-mobile/es/components/tag';
import Toast from 'antd-mobile/es/components/toast';
import { type ReactNode, useState } from 'react';
import { useParams } from 'react-router-dom';
import { api, errorMessage } from '../../common/api';
import { fmt, label, useI18n } from '../../common/i18n';
import { useRequest } from '../../common/use-request';
import { PhotoPicker } from '../components/photo-picker';
import { Screen } from '../components/screen';
import { ErrorState, SectionLoading } from '../components/screen-state';
import { uploadPhoto } from '../components/upload-photo';
import { yuan } from './deliberation-page';

/**
 * The cost list (费用清单) every household of the building can open: the notice, quotes with photos, each household's
 * share and whether it paid, expenses with their receipts, the balance. A household pays its share here; the captain
 * records payments with the receipt's photo and expenses, settles, and prints the A4 list for the stairwell.
 */
export default function FundPage() {
  const { t } = useI18n();
  const d = t.deliberation;
  const id = Number(useParams().id);
  const req = useRequest((signal) => api.get<FundView>(`/funds/${id}`, { signal }), [id]);
  const f = req.data;

  async function payMine(householdId: number, amountFen: number) {
    if (!(await Dialog.confirm({ content: fmt(d.payConfirm, { n: yuan(amountFen) }) }))) return;
    try {
      await api.post(`/funds/${id}/payments`, { householdId });
      Toast.show({ icon: 'success', content: d.paidToast });
      req.reload();
    } catch (e) {
      Toast.show({ content: errorMessage(e) });
    }
  }

  async function settle() {
    if (!(await Dialog.confirm({ content: d.settleConfirm }))) return;
    try {
      await api.post(`/funds/${id}/settle`);
      req.reload();
    } catch (e) {
      Toast.show({ content: errorMessage(e) });
    }
  }

  let body: ReactNode;
  if (req.loading && !f) body = <SectionLoading />;
  else if (req.error && !f) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (f) {
    const collecting = f.status === 'collecting';
    const mineUnpaid = f.shares.filter(
      (s) => f.myHouseholdIds.includes(s.householdId) && !s.payment && s.amountFen > 0,
    );
    body = (
      <>
        <div className="m-card">
          <div className="m-task-tags">
            <Tag color={collecting ? 'warning' : 'success'} className="m-tag">
              {collecting ? d.collecting : d.settled}
            </Tag>
            <span className="m-hint">{f.buildingName}</span>
          </div>
          <h2 className="m-step-title">{f.title}</h2>
          <p className="m-notice-body" style={{ whiteSpace: 'pre-wrap' }}>
            {f.notice}
          </p>
          <div className="m-hint">
            {f.createdByName} · {formatShanghaiDateTime(f.createdAt)} · {label(d.split, f.split)}
          </div>
        </div>
        {mineUnpaid.map((s) => (
          <div className="m-pad" key={s.householdId}>
            <Button
              color="primary"
              size="large"
              block
              className="m-big-button"
              onClick={() => payMine(s.householdId, s.amountFen)}
            >
              {fmt(d.payMine, { n: yuan(s.amountFen) })}
            </Button>
          </div>
        ))}
        <div className="m-card" data-testid="fund-totals">
          <div className="m-card-value">
            {d.total} {fmt(d.yuan, { n: yuan(f.totalFen) })}
          </div>
          <div>{fmt(d.paidHouseholds, { paid: f.totals.paidHouseholds, total: f.totals.households })}</div>
          <div>
            {d.paid} {yuan(f.totals.paidFen)} · {d.expenses} {yuan(f.totals.expensesFen)} · {d.balance}{' '}
            {yuan(f.totals.balanceFen)}
          </div>
          <a className="m-link" href={`/api/v1/funds/${id}/cost-list.pdf`} target="_blank" rel="noreferrer">
            {d.print}
          </a>
        </div>
        {f.quotes.length > 0 && <h2 className="m-step-title">{d.quotes}</h2>}
        {f.quotes.map((q) => (
          <div className="m-card" key={q.id}>
            <div className="m-card-value">
              {q.contractor} · {fmt(d.yuan, { n: yuan(q.amountFen) })}
            </div>
            {q.note && <div className="m-hint">{q.note}</div>}
            {q.photo && (
              <a href={q.photo.url} target="_blank" rel="noreferrer">
                <img className="m-notice-attachment" src={q.photo.thumbUrl} alt={d.quotes} />
              </a>
            )}
          </div>
        ))}
        <h2 className="m-step-title">{d.shares}</h2>
        <div className="m-card">
          <table className="m-tally" data-testid="fund-shares">
            <tbody>
              {f.shares.map((s) => (
                <tr key={s.householdId}>
                  <th scope="row">{s.address}</th>
                  <td>{yuan(s.amountFen)}</td>
                  <td>{s.payment ? d.paid : d.unpaid}</td>
                  <td>{s.refundFen ? fmt(d.refund, { n: yuan(s.refundFen) }) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h2 className="m-step-title">{d.expenses}</h2>
        {f.expenses.map((e) => (
          <div className="m-card" key={e.id} data-testid="fund-expense">
            <div className="m-card-value">
              {e.item} · {fmt(d.yuan, { n: yuan(e.amountFen) })}
            </div>
            <div className="m-hint">
              {e.spentOn} · {e.recordedByName}
            </div>
            <a href={e.receiptPhoto.url} target="_blank" rel="noreferrer">
              <img className="m-notice-attachment" src={e.receiptPhoto.thumbUrl} alt={d.receipt} />
            </a>
          </div>
        ))}
        {f.canManage && collecting && <CaptainTools fund={f} onSaved={req.reload} />}
        {f.canManage && collecting && (
          <div className="m-pad">
            <Button size="large" block className="m-big-button" onClick={settle}>
              {d.settle}
            </Button>
          </div>
        )}
      </>
    );
  }
  return (
    <Screen title={d.fundTitle} backTo="/deliberation">
      {body}
    </Screen>
  );
}

/** The captain records a household's payment (receipt photo) or an expense (receipt photo). */
function CaptainTools({ fund, onSaved }: { fund: FundView; onSaved: () => void }) {
  const { t } = useI18n();
  const d = t.deliberation;
  const [householdId, setHouseholdId] = useState('');
  const [payPhotos, setPayPhotos] = useState<Blob[]>([]);
  const [item, setItem] = useState('');
  const [amount, setAmount] = useState('');
  const [expPhotos, setExpPhotos] = useState<Blob[]>([]);
  const unpaid = fund.shares.filter((s) => !s.payment && s.amountFen > 0);

  async function recordPayment() {
    if (!householdId) return;
    if (!payPhotos[0]) {
      Toast.show({ content: d.receiptRequired });
      return;
    }
    try {
      const receiptPhotoId = await uploadPhoto(payPhotos[0]);
      await api.post(`/funds/${fund.id}/payments`, { householdId: Number(householdId), receiptPhotoId });
      setHouseholdId('');
      setPayPhotos([]);
      onSaved();
    } catch (e) {
      Toast.show({ content: errorMessage(e) });
    }
  }
  async function recordExpense() {
    if (!expPhotos[0]) {
      Toast.show({ content: d.receiptRequired });
      return;
    }
    try {
      const receiptPhotoId = await uploadPhoto(expPhotos[0]);
      await api.post(`/funds/${fund.id}/expenses`, {
        item: item.trim(),
        amountFen: Math.round(Number(amount) * 100),
        receiptPhotoId,
        spentOn: shanghaiDay(new Date()),
      });
      setItem('');
      setAmount('');
      setExpPhotos([]);
      onSaved();
    } catch (e) {
      Toast.show({ content: errorMessage(e) });
    }
  }
  return (
    <>
      {unpaid.length > 0 && (
        <div className="m-card">
          <div className="m-card-label">{d.recordPayment}</div>
          <select
            className="m-select"
            aria-label={d.recordPayment}
            value={householdId}
            onChange={(e) => setHouseholdId(e.target.value)}
          >
            <option value="" />
            {unpaid.map((s) => (
              <option key={s.householdId} value={s.householdId}>
                {s.address} · {yuan(s.amountFen)}
              </option>
            ))}
          </select>
          <PhotoPicker photos={payPhotos} onChange={setPayPhotos} max={1} label={d.receipt} />
          <Button block onClick={recordPayment}>
            {d.save}
          </Button>
        </div>
      )}
      <div className="m-card">
        <div className="m-card-label">{d.addExpense}</div>
        <Input
          className="m-input"
          placeholder={d.expenseItem}
          aria-label={d.expenseItem}
          value={item}
          onChange={setItem}
        />
        <Input
          className="m-input"
          placeholder={d.expenseAmount}
          aria-label={d.expenseAmount}
          inputMode="decimal"
          value={amount}
          onChange={setAmount}
        />
        <PhotoPicker photos={expPhotos} onChange={setExpPhotos} max={1} label={d.receipt} />
        <Button block onClick={recordExpense}>
          {d.save}
        </Button>
      </div>
    </>
  );
}
